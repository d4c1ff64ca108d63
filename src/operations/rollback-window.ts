import type { Core } from '../core.ts';
import { accountPhase, isMigratedBy, type MigratedPhase } from '../domain/account-phase.ts';
import type { Operation } from '../state/operations-repo.ts';
import { notifyTeam, refreshOperationMessages } from './notifier.ts';
import { formatDate } from '../messages/format.ts';
import { removalTimerId } from './live-steps.ts';
import { setTimer } from './set-timer.ts';
import { removeRecordedCopy } from './old-copies.ts';

/** The run and the account's phase while its window can still matter: the account is on the run's target. */
async function migratedBy(core: Core, runId: string): Promise<{ run: Operation; phase: MigratedPhase } | undefined> {
  const run = await core.store.operations.get(runId);
  if (!run || run.kind !== 'run') return undefined;
  const phase = accountPhase(await core.store.accountStates.get(run.accountId), core.clock.now());
  if (!isMigratedBy(phase, run.id) || phase.serverId !== run.targetServer) return undefined;
  return { run, phase };
}

/** 24 hours before the deadline: tell the team, unless the account moved back or the window closed. */
export async function remindRollbackDeadline(core: Core, runId: string): Promise<void> {
  const found = await migratedBy(core, runId);
  if (found?.phase.phase !== 'rollback-open') return;
  const deadline = formatDate(found.phase.deadline, core.config.locale);
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
  const { run, phase } = found;
  const now = core.clock.now();
  await core.store.accountStates.closeRollback(run.accountId, run.id, now);
  const removal = new Date(phase.deadline.getTime() + core.config.oldCopyRetentionDays * 86_400_000);
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
  const phase = accountPhase(await core.store.accountStates.get(account.id), core.clock.now());
  let server: string | null = null;
  if (op.kind === 'run') {
    const found = await migratedBy(core, op.id);
    if (found?.phase.phase === 'rollback-closed') server = op.sourceServer;
  } else if (op.kind === 'rollback') {
    const run = op.relatedOperationId ? await core.store.operations.get(op.relatedOperationId) : undefined;
    if (run && phase.phase === 'rolled-back' && phase.runId === run.id && phase.serverId === run.sourceServer) server = op.sourceServer;
  }
  if (!server || phase.phase === 'never-migrated' || server === phase.serverId) return;
  const holder = await core.store.operations.holderOf(account.id);
  if (holder) {
    // An operation may be using these copies right now: look again in an hour.
    await setTimer(core, 'old-copy-removal', `${removalTimerId(op.id)}-later`, op.id, new Date(core.clock.now().getTime() + 3_600_000));
    return;
  }
  await removeRecordedCopy(core, op, server);
}
