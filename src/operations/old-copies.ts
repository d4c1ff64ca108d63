import type { Core } from '../core.ts';
import { errorMessage } from '../errors.ts';
import type { DatabaseDriver, DatabaseUser, DropRefusal, Endpoint } from '../drivers/driver.ts';
import type { Translate } from '../messages/i18n.ts';
import { plain } from '../messages/markup.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { OperationContext } from './context.ts';
import { liveServers, type LiveServer } from './live-servers.ts';
import { notifyTeam } from './notifier.ts';
import { runSteps } from './steps/declarations.ts';
import { journaledDetail } from './steps/journal.ts';
import type { DetailOf } from './steps/step.ts';

/** What a run or rollback left, locked, on the server it moved the account from (its `old-copy` step). */
export type OldCopy = DetailOf<typeof runSteps.oldCopy>;

const nameOf = (u: DatabaseUser): string => `${u.user}@${u.host}`;

/**
 * The old-copy record, taken once the account runs elsewhere. It never
 * fails the operation (the cutover is behind it): a fingerprint that cannot
 * be taken is journaled null, and the removal then keeps the copies.
 */
export async function recordOldCopy(
  ctx: OperationContext, driver: DatabaseDriver, server: LiveServer, databases: readonly string[], users: readonly DatabaseUser[],
): Promise<OldCopy> {
  const record = { server: server.id, databases: [...databases], users: users.map((u) => ({ user: u.user, host: u.host })) };
  try {
    return { ...record, fingerprint: await driver.fingerprint(server.endpoint, databases) };
  } catch (error) {
    ctx.core.logger.warn({ operationId: ctx.op.id, server: server.id, reason: errorMessage(error) }, 'could not fingerprint the old copies; they will be kept');
    return { ...record, fingerprint: null };
  }
}

/** Why the copies stay, in the reader's language; the objects come from servers: literal. */
const reasonsText = (tr: Translate, refusals: readonly DropRefusal[]): string => refusals.map((r) => tr(`drop.${r.code}`, { object: plain(r.object) })).join('; ');

async function tellKept(core: Core, accountId: string, server: string, reasons: (tr: Translate) => string): Promise<void> {
  core.logger.warn({ account: accountId, server }, 'copies kept instead of removed');
  await notifyTeam(core, accountId, (tr) => tr('team.copies-kept', { account: accountId, server, reasons: reasons(tr) }));
}

/**
 * Drops what operation `op` recorded leaving on `server`: only those
 * databases, only while each is as fingerprinted and every recorded user
 * that is still the account's is locked, never on one of the account's live
 * servers; with those users. Anything else keeps everything, and the team
 * is told why (a journal without the record, from an earlier version: kept).
 */
export async function removeRecordedCopy(core: Core, op: Operation, server: string): Promise<void> {
  const account = core.config.accounts.find((a) => a.id === op.accountId);
  if (!account) return;
  const record = await journaledDetail(core, op.id, runSteps.oldCopy);
  if (!record?.fingerprint || record.server !== server) {
    await tellKept(core, account.id, server, (tr) => tr('drop.unrecorded'));
    return;
  }
  const users = record.users.filter((u) => account.users.includes(nameOf(u)));
  const outcome = await core.engine.driverOf(server).dropCopy({
    endpoint: await core.engine.endpointOf(server), databases: record.databases, users,
    live: (await liveServers(core, account.id)).map((l) => l.endpoint), proof: { kind: 'fingerprint', fingerprint: record.fingerprint },
  });
  if (outcome.refusals.length > 0) {
    await tellKept(core, account.id, server, (tr) => reasonsText(tr, outcome.refusals));
    return;
  }
  core.logger.info({ operationId: op.id, server, dropped: outcome.dropped }, 'old copies removed');
  // A removal run again (a timer fired twice) finds nothing left: nothing to tell.
  if (outcome.dropped.length > 0) await notifyTeam(core, account.id, (tr) => tr('team.removed', { account: account.id, server, objects: plain(outcome.dropped.join(', ')) }));
}

/**
 * The revert of a run: drops the copies it made on the target, which carry
 * the bot's mark, never on a live server; whatever fails the checks stays
 * and the team is told why.
 */
export async function dropRunCopies(
  ctx: OperationContext, driver: DatabaseDriver, target: LiveServer, live: readonly Endpoint[], databases: readonly string[], users: readonly DatabaseUser[],
): Promise<void> {
  const outcome = await driver.dropCopy({ endpoint: target.endpoint, databases, users, live, proof: { kind: 'marked' } });
  if (outcome.refusals.length > 0) await tellKept(ctx.core, ctx.op.accountId, target.id, (tr) => reasonsText(tr, outcome.refusals));
}
