import type { Core } from '../core.ts';
import { notifyTeam, refreshOperationMessages } from './notifier.ts';
import { formatDate } from '../messages/format.ts';
import { removalTimerId } from './live-steps.ts';
import { setTimer } from './set-timer.ts';

/** The run's account state while its window can still matter: the account is on the run's target. */
async function migratedBy(core: Core, runId: string) {
  const run = await core.store.operations.get(runId);
  if (!run || run.kind !== 'run') return undefined;
  const state = await core.store.accountStates.get(run.accountId);
  if (state?.runOperationId !== run.id || state.serverId !== run.targetServer || state.serverId === state.previousServerId) return undefined;
  return { run, state };
}

/** 24 hours before the deadline: tell the team, unless the account moved back or the window closed. */
export async function remindRollbackDeadline(core: Core, runId: string): Promise<void> {
  const found = await migratedBy(core, runId);
  if (!found?.state.rollbackDeadline || found.state.rollbackClosedAt) return;
  const deadline = formatDate(found.state.rollbackDeadline, core.config.locale);
  await notifyTeam(core, found.run.accountId, (tr) => tr('team.reminder', { account: found.run.accountId, migration: found.run.migrationId, deadline }));
}

/**
 * At the deadline: close the window in the state database (presses are
 * refused from now on, whatever a button shows), update every message of
 * the run so the button goes, tell the team, and schedule the removal of the
 * old copies after `oldCopyRetentionDays`.
 */
export async function closeRollbackWindow(core: Core, runId: string): Promise<void> {
  const found = await migratedBy(core, runId);
  if (!found) return;
  const { run, state } = found;
  const now = core.clock.now();
  await core.store.accountStates.closeRollback(run.accountId, run.id, now);
  const removal = new Date((state.rollbackDeadline ?? now).getTime() + core.config.oldCopyRetentionDays * 86_400_000);
  // Idempotent (same id, same due time): a second firing after a crash schedules nothing new.
  await setTimer(core, 'old-copy-removal', removalTimerId(run.id), run.id, removal);
  await refreshOperationMessages(core, run.id);
  await notifyTeam(core, run.accountId, (tr) => tr('team.deadline', {
    account: run.accountId, migration: run.migrationId, server: run.sourceServer ?? '-', removal: formatDate(removal, core.config.locale),
  }));
}

/**
 * Drops copies no one needs any more: for a run, its old databases on the
 * old server, only once its window closed and never if the account moved
 * back; for a rollback, the copies left on the new server, only while the
 * account is still on the old one and no operation uses them. The account's
 * database users on that server are left as they are (locked).
 */
export async function removeOldCopies(core: Core, operationId: string): Promise<void> {
  const op = await core.store.operations.get(operationId);
  if (!op || op.status !== 'succeeded' || !op.sourceServer) return;
  const account = core.config.accounts.find((a) => a.id === op.accountId);
  if (!account) return;
  const state = await core.store.accountStates.get(account.id);
  let server: string | null = null;
  if (op.kind === 'run') {
    const found = await migratedBy(core, op.id);
    if (found?.state.rollbackClosedAt) server = op.sourceServer;
  } else if (op.kind === 'rollback') {
    const run = op.relatedOperationId ? await core.store.operations.get(op.relatedOperationId) : undefined;
    if (run && state?.runOperationId === run.id && state.serverId === run.sourceServer) server = op.sourceServer;
  }
  if (!server || server === state?.serverId) return;
  const holder = await core.store.operations.holderOf(account.id);
  if (holder) {
    // An operation may be using these copies right now: look again in an hour.
    await setTimer(core, 'old-copy-removal', `${removalTimerId(op.id)}-later`, op.id, new Date(core.clock.now().getTime() + 3_600_000));
    return;
  }
  await core.engine.driverOf(server).dropCopy(await core.engine.endpointOf(server), account.databases, []);
  core.logger.info({ operationId: op.id, server, databases: account.databases }, 'old copies removed');
  await notifyTeam(core, account.id, (tr) => tr('team.removed', { account: account.id, server, databases: account.databases.join(', ') }));
}
