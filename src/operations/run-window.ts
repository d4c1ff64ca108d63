import type { Core } from '../core.ts';
import type { MigrationConfig } from '../config/schema.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { Fence } from '../state/fence.ts';
import { deadlineTimerId, reminderTimerId } from './live-steps.ts';
import { setTimer } from './set-timer.ts';

/**
 * The run's cutover in the state database: the Rollback button's action
 * row, then the account moved to the target with its rollback deadline
 * (`rollbackDays` after the run started), fenced by the worker's lease.
 * A move that finds the account elsewhere throws: nothing moved. The action
 * row is created before the cutover hook is called (ensureRollbackAction).
 */
export async function startRollbackWindow(
  core: Core, op: Operation, fence: Fence, where: { sourceId: string; targetId: string; configuredServer: string; migration: MigrationConfig },
): Promise<Date> {
  const startedAt = op.startedAt ?? core.clock.now();
  const deadline = new Date(startedAt.getTime() + where.migration.rollbackDays * 86_400_000);
  const moved = await core.store.accountStates.move(op.accountId, where.sourceId, where.configuredServer, {
    serverId: where.targetId, previousServerId: where.sourceId, migrationId: where.migration.id, runOperationId: op.id,
    rollbackDeadline: deadline, rollbackClosedAt: null,
  }, core.clock.now(), fence);
  if (moved === 'conflict') throw new Error(`account ${op.accountId} is no longer on ${where.sourceId}`);
  return deadline;
}

/** The reminder (a day before) and the deadline timers of a run's rollback window; the state database's deadline wins. */
export async function scheduleRollbackWindow(core: Core, runId: string, accountId: string, journaledDeadline: string | undefined): Promise<void> {
  const state = await core.store.accountStates.get(accountId);
  const deadlineAt = state?.rollbackDeadline ?? new Date(journaledDeadline ?? core.clock.now());
  const at = core.clock.now();
  await setTimer(core, 'rollback-reminder', reminderTimerId(runId), runId, new Date(Math.max(at.getTime(), deadlineAt.getTime() - 86_400_000)));
  await setTimer(core, 'rollback-deadline', deadlineTimerId(runId), runId, deadlineAt);
}
