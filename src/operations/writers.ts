import type { AccountConfig } from '../config/schema.ts';
import type { Core } from '../core.ts';
import type { DatabaseDriver, DatabaseUser, Endpoint } from '../drivers/driver.ts';
import { UserError } from '../errors.ts';

/** An account as the config and the refusal write it; hosts compare without case, as MariaDB matches them. */
const accountName = (u: DatabaseUser): string => `${u.user === '' ? "''" : u.user}@${u.host.toLowerCase()}`;
const normalized = (entry: string): string => {
  const at = entry.lastIndexOf('@');
  return `${entry.slice(0, at)}@${entry.slice(at + 1).toLowerCase()}`;
};

/** At most this many names in the refusal; the rest are counted. */
const SHOWN = 8;

/**
 * The accounts that can write to the account's databases on `serverId` and
 * that its freeze would not stop: not among its users, not frozen with it
 * (`frozenWithAccount`), not trusted by the server's config
 * (`trustedWriters`). The bot's own admin session is never one of them.
 */
export async function writersOutsideFreeze(core: Core, serverId: string, account: AccountConfig): Promise<string[]> {
  const server = core.config.servers.find((s) => s.id === serverId);
  const covered = new Set([...account.users, ...account.frozenWithAccount, ...server?.trustedWriters ?? []].map(normalized));
  const writers = await core.engine.driverOf(serverId).writers(await core.engine.endpointOf(serverId), account.databases);
  return [...new Set(writers.map(accountName))].filter((name) => !covered.has(name));
}

/**
 * Refuses to freeze the account while some account outside it can write to
 * its databases: a write of theirs after the final copy would be lost at
 * the cutover. Checked when a run or rollback is asked for, and again right
 * before the freeze.
 */
export async function checkWriters(core: Core, serverId: string, account: AccountConfig): Promise<void> {
  const outside = await writersOutsideFreeze(core, serverId, account);
  if (outside.length === 0) return;
  const shown = outside.slice(0, SHOWN).join(', ');
  throw new UserError('writers-outside-freeze', {
    account: account.id, server: serverId, writers: outside.length > SHOWN ? `${shown} (+${outside.length - SHOWN})` : shown,
  });
}

/** The freeze of a run or a rollback: refused while a writer is outside it, else the users locked and their connections ended. */
export async function freezeWriters(
  core: Core, serverId: string, account: AccountConfig, driver: DatabaseDriver, endpoint: Endpoint, users: readonly DatabaseUser[],
): Promise<{ killed: number }> {
  await checkWriters(core, serverId, account);
  return driver.freeze(endpoint, users);
}
