import type { Core } from '../core.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { OperationProgress } from '../messages/operation-view.ts';
import type { OperationReport } from '../messages/report-view.ts';

/** Thrown inside an executor when the operation was cancelled; the runner marks it cancelled. */
export class OperationCancelled extends Error {
  override readonly name = 'OperationCancelled';
  constructor() {
    super('operation cancelled');
  }
}

/**
 * What an executor (test, run, rollback) gets from the runner: the
 * operation, a signal aborted on cancellation, journaled steps and throttled
 * progress. Steps already journaled as done are skipped on resume.
 */
export interface OperationContext {
  readonly core: Core;
  readonly op: Operation;
  readonly signal: AbortSignal;
  /**
   * Runs `fn` as a journaled step; a step journaled done before returns its saved result instead.
   * `cancellable: false` runs it even when cancellation was requested (steps after a run's cutover).
   */
  step<T>(name: string, fn: () => Promise<T>, options?: { readonly cancellable?: boolean }): Promise<T>;
  /** Enters a step that is always run again on resume (idempotent ones: provision, copy): journaled as started. */
  enter(name: string): Promise<void>;
  /** Steps journaled done so far, with their results (for resume/revert decisions). */
  doneSteps(): Promise<Map<string, unknown>>;
  /** At most one message update every 2 seconds; the last one is never lost. */
  progress(progress: OperationProgress): void;
  /** Saves the report so far (a crash keeps what was measured). */
  saveReport(report: OperationReport): Promise<void>;
  throwIfCancelled(): void;
}

export type Executor = (ctx: OperationContext) => Promise<OperationReport>;
