import { setMaxListeners } from 'node:events';
import type { Core } from '../core.ts';
import { errorMessage, isUserError, LeaseHeldError, OperationCancelled } from '../errors.ts';
import { notifyTeam, refreshOperationMessages } from './notifier.ts';
import { t } from '../messages/i18n.ts';
import { teamSummary } from '../messages/report-view.ts';
import type { OperationKind } from '../messages/model.ts';
import type { Operation } from '../state/operations-repo.ts';
import { isFinal } from '../domain/operation-state.ts';
import type { Executor } from './context.ts';
import { redactSecrets } from '../domain/redact.ts';
import { executors } from './executors.ts';
import { makeContext } from './make-context.ts';
import { testSteps } from './steps/declarations.ts';

const leaseMs = 60_000;
const heartbeatMs = 10_000;
/** A cancel press should stop a copy within about a second. */
const cancelPollMs = 1_000;


/**
 * Runs one operation to a final state with the executor of its kind,
 * resuming it when a previous worker died. The lease (renewed while working)
 * keeps two workers from running steps of the same operation; every step is
 * journaled. `registry` replaces the executors in tests of the runner itself.
 */
export async function runOperation(core: Core, operationId: string, workerId: string, registry: Record<OperationKind, Executor> = executors): Promise<void> {
  let op = await core.store.operations.get(operationId);
  if (!op || isFinal(op.status) || op.status === 'pending_approval') return;
  if (!(await core.store.operations.claimLease(op.id, workerId, core.clock.now(), leaseMs))) throw new LeaseHeldError(`operation ${op.id} is held by another worker`);
  const resumed = op.status === 'running';
  if (!resumed) {
    const started = await core.store.operations.transition(op.id, 'running', core.clock.now(), { startedAt: core.clock.now() }, ['queued']);
    if (!started) return; // cancelled meanwhile
    await notifyTeam(core, op.accountId, (tr) => tr('team.started', { kind: tr(`kind.${op!.kind}`), account: op!.accountId, migration: op!.migrationId }));
  }
  op = (await core.store.operations.get(op.id)) ?? op;
  const abort = new AbortController();
  // Every database session of the operation (a run holds a dozen at once) listens for cancellation.
  setMaxListeners(64, abort.signal);
  const heartbeat = setInterval(() => {
    core.store.operations.claimLease(operationId, workerId, core.clock.now(), leaseMs)
      .catch((error: unknown) => core.logger.warn({ err: error, operationId }, 'lease renewal failed'));
  }, heartbeatMs);
  const cancelPoll = setInterval(() => {
    core.store.operations.get(operationId).then((fresh) => {
      if (fresh?.cancelRequested && !abort.signal.aborted) abort.abort(new OperationCancelled());
    }).catch((error: unknown) => core.logger.warn({ err: error, operationId }, 'cancel poll failed'));
  }, cancelPollMs);
  const { ctx, closeProgress } = makeContext(core, op, abort, () => refreshOperationMessages(core, operationId));
  if (op.cancelRequested) abort.abort(new OperationCancelled());
  try {
    if (resumed) ctx.progress({ step: op.step ?? 'resume', note: t(op.locale, 'op.resumed', { step: op.step ?? '-' }) });
    const report = await registry[op.kind](ctx);
    closeProgress();
    if (report.failedReason !== undefined) {
      // An operation that ran to its end with a failed result (a test's differences) failed at its verification.
      const failedStep = testSteps.verify.name;
      await core.store.operations.transition(op.id, 'failed', core.clock.now(), { report, progress: null, error: { step: failedStep, reason: report.failedReason } }, ['running']);
      await notifyTeam(core, op.accountId, (tr) => tr('team.failed', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId, step: failedStep, reason: report.failedReason ?? '' }));
      return;
    }
    await core.store.operations.transition(op.id, 'succeeded', core.clock.now(), { report, progress: null }, ['running']);
    await notifyTeam(core, op.accountId, (tr, locale) => tr('team.succeeded', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId, summary: teamSummary(tr, locale, report, op.id) }));
  } catch (error) {
    closeProgress();
    await finishWithError(core, op, error);
  } finally {
    clearInterval(heartbeat);
    clearInterval(cancelPoll);
    await core.store.operations.releaseLease(op.id, workerId).catch(() => undefined);
    await refreshOperationMessages(core, op.id);
  }
}

async function finishWithError(core: Core, op: Operation, error: unknown): Promise<void> {
  const fresh = (await core.store.operations.get(op.id)) ?? op;
  if (error instanceof OperationCancelled || (fresh.cancelRequested && (error as Error)?.name === 'AbortError')) {
    await core.store.operations.transition(op.id, 'cancelled', core.clock.now(), {}, ['running']);
    await notifyTeam(core, op.accountId, (tr) => tr('team.cancelled', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId }));
    return;
  }
  const reason = isUserError(error) ? t(op.locale, error.code, error.params) : redactSecrets(errorMessage(error)).slice(0, 300);
  if (!isUserError(error)) core.logger.error({ err: error, operationId: op.id, step: fresh.step }, 'operation failed');
  const step = fresh.step ?? '-';
  await core.store.operations.transition(op.id, 'failed', core.clock.now(), { error: { step, reason }, progress: null }, ['running']);
  await notifyTeam(core, op.accountId, (tr) => tr('team.failed', { kind: tr(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId, step, reason }));
}
