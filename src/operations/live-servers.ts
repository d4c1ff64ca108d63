import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import { accountPhase } from '../domain/account-phase.ts';
import { describeEndpoint, type DatabaseDriver, type Endpoint } from '../drivers/driver.ts';

/** A configured server and its admin endpoint. */
export interface LiveServer {
  readonly id: string;
  readonly endpoint: Endpoint;
}

/**
 * The servers holding an account's data that must never be dropped or
 * replaced: where it runs now (its placement in the state database, else
 * its configured server), `also` (an operation's source), and while its
 * rollback window is open the old server, whose databases a rollback needs.
 */
export async function liveServers(core: Core, accountId: string, also: readonly string[] = []): Promise<LiveServer[]> {
  const account = core.config.accounts.find((a) => a.id === accountId);
  const phase = accountPhase(await core.store.accountStates.get(accountId), core.clock.now());
  const current = phase.phase === 'never-migrated' ? account?.server : phase.serverId;
  const previous = phase.phase === 'rollback-open' ? [phase.previousServerId] : [];
  const ids = [...new Set([...(current ? [current] : []), ...also, ...previous])];
  return Promise.all(ids.map(async (id) => ({ id, endpoint: await core.engine.endpointOf(id) })));
}

/**
 * Refuses to write to `target` (a temporary server, a run's target) when it
 * is one of the account's live servers, compared by server identity: a
 * static pool entry or a target naming the production server under another
 * address is still that server. `code` says which config to fix.
 */
export async function refuseLiveTarget(
  driver: DatabaseDriver, target: Endpoint, live: readonly LiveServer[], accountId: string, code: 'temporary-is-live' | 'target-is-live',
): Promise<void> {
  for (const server of live) {
    if (await driver.sameServer(target, server.endpoint)) {
      throw new UserError(code, { address: describeEndpoint(target), server: server.id, account: accountId });
    }
  }
}
