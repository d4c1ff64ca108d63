import { setMaxListeners } from 'node:events';
import type { Core } from '../core.ts';
import { errorMessage, isUserError } from '../errors.ts';
import { notifyTeam, refreshOperationMessages } from './notifier.ts';
import { t } from '../messages/i18n.ts';
import { teamSummary } from '../messages/team-summary.ts';
import type { OperationKind } from '../messages/model.ts';
import type { OperationProgress } from '../messages/operation-view.ts';
import type { Operation } from '../state/operations-repo.ts';
import { isFinal } from '../domain/operation-state.ts';
import { OperationCancelled, type Executor, type OperationContext } from './context.ts';
import { redactSecrets } from '../domain/redact.ts';

const leaseMs = 60_000;
const heartbeatMs = 10_000;
/** A cancel press should stop a copy within about a second. */
const cancelPollMs = 1_000;
const progressIntervalMs = 2_000;

/** Another worker holds this operation's lease: the job is retried later, nothing is run twice. */
export class LeaseHeldError extends Error {
  override readonly name = 'LeaseHeldError';
}

/**
 * Runs one operation to a final state, resuming it when a previous worker
 * died. The lease (renewed while working) keeps two workers from running
 * steps of the same operation; every step is journaled.
 */
export async function runOperation(core: Core, operationId: string, workerId: string, executors: Record<OperationKind, Executor>): Promise<void> {
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
  const { ctx, closeProgress } = makeContext(core, op, abort);
  if (op.cancelRequested) abort.abort(new OperationCancelled());
  try {
    if (resumed) ctx.progress({ step: op.step ?? 'resume', note: t(op.locale, 'op.resumed', { step: op.step ?? '-' }) });
    const report = await executors[op.kind](ctx);
    closeProgress();
    if (report.failedReason !== undefined) {
      await core.store.operations.transition(op.id, 'failed', core.clock.now(), { report, progress: null, error: { step: 'verify', reason: report.failedReason } }, ['running']);
      await notifyTeam(core, op.accountId, (tr) => tr('team.failed', { kind: tr(`kind.${op!.kind}`), account: op!.accountId, migration: op!.migrationId, step: 'verify', reason: report.failedReason ?? '' }));
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

/** The executor's context, and the switch that drops progress not yet sent once the operation is over. */
/**
 * Test-only: MIGRATE_BOT_CRASH_AT_STEP=<step> or <kind>:<step> kills this
 * process with SIGKILL once the step's work is done but before it is
 * journaled done, the worst moment for a resume (see test/integration/run-crash.test.ts).
 */
function crashIfAsked(kind: string, step: string): void {
  const at = process.env['MIGRATE_BOT_CRASH_AT_STEP'];
  if (at && (at === step || at === `${kind}:${step}`)) process.kill(process.pid, 'SIGKILL');
}

function makeContext(core: Core, op: Operation, abort: AbortController): { ctx: OperationContext; closeProgress: () => void } {
  let closed = false;
  let lastSent = 0;
  let pending: OperationProgress | null = null;
  let timer: NodeJS.Timeout | null = null;
  let currentStep = op.step ?? 'start';
  const flush = async () => {
    timer = null;
    if (!pending || closed) return;
    const progress = pending;
    pending = null;
    lastSent = Date.now();
    await core.store.operations.patch(op.id, { progress }, core.clock.now());
    await refreshOperationMessages(core, op.id);
  };
  const enterStep = async (name: string, cancellable: boolean): Promise<void> => {
    if (cancellable) ctx.throwIfCancelled();
    currentStep = name;
    await core.store.operations.patch(op.id, { step: name }, core.clock.now());
    await core.store.operations.journal(op.id, name, 'started', null, core.clock.now());
    ctx.progress({ step: name });
  };
  const ctx: OperationContext = {
    core, op, signal: abort.signal,
    enter: (name) => enterStep(name, true),
    async step(name, fn, options) {
      const done = await ctx.doneSteps();
      if (done.has(name)) return done.get(name) as Awaited<ReturnType<typeof fn>>;
      await enterStep(name, options?.cancellable !== false);
      try {
        const result = await fn();
        crashIfAsked(op.kind, name);
        await core.store.operations.journal(op.id, name, 'done', result ?? null, core.clock.now());
        return result;
      } catch (error) {
        await core.store.operations.journal(op.id, name, 'failed', { reason: redactSecrets(errorMessage(error)).slice(0, 300) }, core.clock.now()).catch(() => undefined);
        throw error;
      }
    },
    async doneSteps() {
      const steps = await core.store.operations.steps(op.id);
      return new Map(steps.filter((s) => s.state === 'done').map((s) => [s.step, s.detail]));
    },
    progress(progress) {
      if (closed) return;
      pending = { ...progress, step: progress.step || currentStep };
      if (timer) return;
      const wait = Math.max(0, progressIntervalMs - (Date.now() - lastSent));
      timer = setTimeout(() => void flush().catch((error: unknown) => core.logger.warn({ err: error }, 'progress update failed')), wait);
    },
    async saveReport(report) {
      await core.store.operations.patch(op.id, { report }, core.clock.now());
    },
    throwIfCancelled() {
      if (abort.signal.aborted) throw new OperationCancelled();
    },
  };
  const closeProgress = () => {
    closed = true;
    pending = null;
    if (timer) clearTimeout(timer);
  };
  return { ctx, closeProgress };
}
