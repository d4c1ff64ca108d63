import type { Core } from '../core.ts';
import { errorMessage, isLeaseLost, LeaseLostError, OperationCancelled } from '../errors.ts';
import type { OperationProgress } from '../messages/operation-view.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { FencedOperation } from '../state/fenced-operation.ts';
import { redactSecrets } from '../domain/redact.ts';
import type { OperationContext } from './context.ts';
import { detailIn, doneIn } from './steps/journal.ts';
import type { StepDeclaration } from './steps/step.ts';

const progressIntervalMs = 2_000;

/**
 * Test-only: MIGRATE_BOT_CRASH_AT_STEP=<step> or <kind>:<step> kills this
 * process with SIGKILL once the step's work is done but before it is
 * journaled done, the worst moment for a resume (see test/integration/run-crash.test.ts).
 */
function crashIfAsked(kind: string, step: string): void {
  const at = process.env['MIGRATE_BOT_CRASH_AT_STEP'];
  if (at && (at === step || at === `${kind}:${step}`)) process.kill(process.pid, 'SIGKILL');
}

/**
 * The executor's context, and the switch that drops progress not yet sent
 * once the operation is over. Every write goes through `writes` (fenced by
 * the lease); a refused one aborts the operation's signal at once.
 */
export function makeContext(
  core: Core, op: Operation, writes: FencedOperation, abort: AbortController, refresh: () => Promise<void>,
): { ctx: OperationContext; closeProgress: () => void } {
  const fenced = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } catch (error) {
      if (error instanceof LeaseLostError && !abort.signal.aborted) abort.abort(error);
      throw error;
    }
  };
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
    await fenced(writes.patch({ progress }, core.clock.now()));
    await refresh();
  };
  const enterStep = async (declaration: StepDeclaration): Promise<void> => {
    if (!declaration.mustFinish) ctx.throwIfCancelled();
    currentStep = declaration.name;
    // An undo leaves the operation at the step that failed (the step its failure names), an inner step at its outer one.
    if (!declaration.undo && !declaration.inner) await fenced(writes.patch({ step: declaration.name }, core.clock.now()));
    await fenced(writes.journal(declaration.name, 'started', null, core.clock.now()));
    ctx.progress({ step: declaration.name });
  };
  const ctx: OperationContext = {
    core, op, signal: abort.signal, fence: writes.fence,
    checkLease: () => fenced(writes.check()),
    async enter(declaration) {
      if (!declaration.entered) throw new Error(`step ${declaration.name} is journaled done: run it with ctx.step`);
      await enterStep(declaration);
    },
    async step(declaration, fn, options = {}) {
      if (declaration.entered) throw new Error(`step ${declaration.name} is always run again: enter it with ctx.enter`);
      const saved = options.again ? undefined : doneIn(await fenced(writes.steps()), op.id, declaration);
      if (saved) return saved.detail;
      await enterStep(declaration);
      try {
        const detail = await fn();
        crashIfAsked(op.kind, declaration.name);
        await fenced(writes.journal(declaration.name, 'done', detail ?? null, core.clock.now()));
        return detail;
      } catch (error) {
        // A worker that lost its lease writes nothing more, not even the failure.
        if (isLeaseLost(error, abort.signal)) throw error;
        // A refused write here still aborts: the executor then stops instead of reverting.
        await fenced(writes.journal(declaration.name, 'failed', { reason: redactSecrets(errorMessage(error)).slice(0, 300) }, core.clock.now()))
          .catch(() => undefined);
        throw error;
      }
    },
    async done(declaration) {
      return detailIn(await fenced(writes.steps()), op.id, declaration);
    },
    journal: () => fenced(writes.steps()),
    progress(progress) {
      if (closed) return;
      pending = { ...progress, step: progress.step || currentStep };
      if (timer) return;
      const wait = Math.max(0, progressIntervalMs - (Date.now() - lastSent));
      timer = setTimeout(() => void flush().catch((error: unknown) => core.logger.warn({ err: error }, 'progress update failed')), wait);
    },
    async saveReport(report) {
      await fenced(writes.patch({ report }, core.clock.now()));
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
