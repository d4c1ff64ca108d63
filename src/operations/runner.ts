import { setMaxListeners } from 'node:events';
import type { Core } from '../core.ts';
import { isLeaseLost, isUserError, LeaseHeldError, OperationCancelled } from '../errors.ts';
import { notifyTeam, refreshOperationMessages } from './notifier.ts';
import { t } from '../messages/i18n.ts';
import { teamSummary } from '../messages/report-view.ts';
import { failureText } from '../messages/operation-view.ts';
import { failureOf, storedFailure } from './failure.ts';
import type { OperationKind } from '../messages/model.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { FencedOperation } from '../state/fenced-operation.ts';
import { isFinal } from '../domain/operation-state.ts';
import type { Executor } from './context.ts';
import { executors } from './executors.ts';
import { keepLease, LEASE_MS } from './lease.ts';
import { makeContext } from './make-context.ts';
import { testSteps } from './steps/declarations.ts';

/** A cancel press should stop a copy within about a second. */
const cancelPollMs = 1_000;

/**
 * Runs one operation to a final state with the executor of its kind,
 * resuming it when a previous worker died. The lease (renewed while working)
 * keeps two workers from running steps of the same operation, and its
 * fencing token refuses every write of a worker that lost it: that worker
 * stops at once and writes nothing more. `registry` replaces the executors
 * in tests of the runner itself.
 */
export async function runOperation(core: Core, operationId: string, workerId: string, registry: Record<OperationKind, Executor> = executors): Promise<void> {
  const queued = await core.store.operations.get(operationId);
  if (!queued || isFinal(queued.status) || queued.status === 'pending_approval') return;
  const fence = await core.store.operations.claimLease(queued.id, workerId, core.clock.now(), LEASE_MS);
  if (!fence) throw new LeaseHeldError(`operation ${queued.id} is held by another worker`);
  const writes = core.store.operations.fenced(fence);
  const abort = new AbortController();
  // Every database session of the operation (a run holds a dozen at once) listens for cancellation.
  setMaxListeners(64, abort.signal);
  const lease = keepLease(core, writes, workerId, abort);
  let cancelPoll: NodeJS.Timeout | undefined;
  let op: Operation = queued;
  try {
    const resumed = queued.status !== 'queued';
    if (!resumed) {
      const started = await writes.transition('running', core.clock.now(), { startedAt: core.clock.now() }, ['queued']);
      if (!started) return; // cancelled meanwhile
      await notifyTeam(core, op.accountId, (tr) => tr('team.started', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId }));
    }
    op = await writes.reload();
    if (isFinal(op.status)) return;
    cancelPoll = setInterval(() => {
      core.store.operations.get(operationId).then((fresh) => {
        if (fresh?.cancelRequested && !abort.signal.aborted) abort.abort(new OperationCancelled());
      }).catch((error: unknown) => core.logger.warn({ err: error, operationId }, 'cancel poll failed'));
    }, cancelPollMs);
    await execute(core, op, writes, abort, registry, resumed);
  } catch (error) {
    if (!isLeaseLost(error, abort.signal)) throw error;
    core.logger.warn({ operationId, workerId, token: fence.token }, 'lease lost: another worker holds this operation; stopped without writing');
  } finally {
    lease.stop();
    clearInterval(cancelPoll);
    if (!lease.lost() && !isLeaseLost(undefined, abort.signal)) {
      await writes.release().catch(() => undefined);
      await refreshOperationMessages(core, op.id);
    }
  }
}

/** The executor's run and the final state it leads to; a lost lease propagates (nothing more is written). */
async function execute(core: Core, op: Operation, writes: FencedOperation, abort: AbortController, registry: Record<OperationKind, Executor>, resumed: boolean): Promise<void> {
  const { ctx, closeProgress } = makeContext(core, op, writes, abort, () => refreshOperationMessages(core, op.id));
  if (op.cancelRequested) abort.abort(new OperationCancelled());
  try {
    if (resumed) ctx.progress({ step: op.step ?? 'resume', note: t(op.locale, 'op.resumed', { step: op.step ?? '-' }) });
    const report = await registry[op.kind](ctx);
    closeProgress();
    if (report.failedReason !== undefined) {
      // An operation that ran to its end with a failed result (a test's differences) failed at its verification, unless it names another step.
      const failedStep = report.failedStep ?? testSteps.verify.name;
      const error = storedFailure(report.failure ?? { key: 'op.reason', params: { text: report.failedReason } }, op.locale, failedStep);
      await writes.transition('failed', core.clock.now(), { report, progress: null, error }, ['running']);
      await notifyTeam(core, op.accountId, (tr) => tr('team.failed', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId, step: failedStep, reason: failureText(tr, error) }));
      return;
    }
    await writes.transition('succeeded', core.clock.now(), { report, progress: null }, ['running', 'needs_attention']);
    await notifyTeam(core, op.accountId, (tr, locale) => tr('team.succeeded', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId, summary: teamSummary(tr, locale, report, op.id) }));
  } catch (error) {
    closeProgress();
    if (isLeaseLost(error, abort.signal)) throw error;
    await finishWithError(core, op, writes, error);
  }
}

async function finishWithError(core: Core, op: Operation, writes: FencedOperation, error: unknown): Promise<void> {
  const fresh = await writes.reload();
  if (error instanceof OperationCancelled || (fresh.cancelRequested && (error as Error)?.name === 'AbortError')) {
    await writes.transition('cancelled', core.clock.now(), {}, ['running']);
    await notifyTeam(core, op.accountId, (tr) => tr('team.cancelled', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId }));
    return;
  }
  if (!isUserError(error)) core.logger.error({ err: error, operationId: op.id, step: fresh.step }, 'operation failed');
  const step = fresh.step ?? '-';
  // The fact, not a text: the operation's message and the team channel each word it in their reader's language.
  const failure = failureOf(error, op.locale, step);
  await writes.transition('failed', core.clock.now(), { error: failure, progress: null }, ['running']);
  await notifyTeam(core, op.accountId, (tr) => tr('team.failed', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId, step, reason: failureText(tr, failure) }));
}
