import type { Core } from '../core.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { Fence } from '../state/fence.ts';
import type { OperationProgress } from '../messages/operation-view.ts';
import type { OperationReport } from '../messages/report-view.ts';
import type { JournalRow } from './steps/journal.ts';
import type { StepDeclaration } from './steps/step.ts';

/**
 * What an executor (test, run, rollback) gets from the runner: the
 * operation, a signal aborted on cancellation, journaled steps and throttled
 * progress. Steps already journaled as done are skipped on resume.
 * Every write it makes is fenced by the worker's lease: once another worker
 * took the operation over, it throws LeaseLostError and aborts `signal`.
 */
export interface OperationContext {
  readonly core: Core;
  readonly op: Operation;
  readonly signal: AbortSignal;
  /** The lease this worker holds: pass it to state writes made outside the context (the account's move at cutover). */
  readonly fence: Fence;
  /** Throws LeaseLostError when the lease was taken over: called before each change of a server the state database cannot fence. */
  checkLease(): Promise<void>;
  /**
   * Runs `fn` as a journaled step; a step journaled done before returns its
   * saved detail (validated by the declaration) instead. A cancellation
   * requested before it starts stops the operation, unless the step must finish.
   * With `again`, a step journaled done is run (and journaled) once more: what
   * it did held only in the invocation that did it (a lock of the account's
   * tables, and the final copy made under it). The last done row is the one read back.
   */
  step<Detail>(declaration: StepDeclaration<string, Detail>, fn: () => Promise<NoInfer<Detail>>, options?: { readonly again?: boolean }): Promise<Detail>;
  /** Enters a step that is always run again on resume (declared `entered`): journaled as started. */
  enter(declaration: StepDeclaration): Promise<void>;
  /** The validated detail of a step journaled done, or undefined (for resume and revert decisions). */
  done<Detail>(declaration: StepDeclaration<string, Detail>): Promise<Detail | undefined>;
  /** Every row of this operation's journal, oldest first. */
  journal(): Promise<readonly JournalRow[]>;
  /** At most one message update every 2 seconds; the last one is never lost. */
  progress(progress: OperationProgress): void;
  /** Saves the report so far (a crash keeps what was measured). */
  saveReport(report: OperationReport): Promise<void>;
  throwIfCancelled(): void;
}

export type Executor = (ctx: OperationContext) => Promise<OperationReport>;
