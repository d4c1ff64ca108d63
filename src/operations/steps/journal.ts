import type { Core } from '../../core.ts';
import { JournalDetailError } from '../../errors.ts';
import type { StepDeclaration } from './step.ts';

/** A row of an operation's step journal, as the state database returns it. */
export interface JournalRow {
  readonly step: string;
  readonly state: string;
  readonly detail: unknown;
  readonly at: Date;
}

/** The step's detail journaled done in `rows` (the last one), validated by its declaration; undefined when not done. */
export function detailIn<Detail>(rows: readonly JournalRow[], operationId: string, declaration: StepDeclaration<string, Detail>): Detail | undefined {
  return doneIn(rows, operationId, declaration)?.detail;
}

/** As detailIn, boxed: tells "done with an empty detail" from "not done". */
export function doneIn<Detail>(rows: readonly JournalRow[], operationId: string, declaration: StepDeclaration<string, Detail>): { detail: Detail } | undefined {
  const row = rows.findLast((r) => r.step === declaration.name && r.state === 'done');
  if (!row) return undefined;
  const parsed = declaration.detail.safeParse(row.detail);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JournalDetailError(operationId, declaration.name, issue ? `${issue.path.join('.') || '(detail)'}: ${issue.message}` : parsed.error.message);
  }
  return { detail: parsed.data };
}

/** Reads an operation's journal and returns the step's validated detail (e.g. a rollback reading its run's freeze plan). */
export async function journaledDetail<Detail>(core: Core, operationId: string, declaration: StepDeclaration<string, Detail>): Promise<Detail | undefined> {
  return detailIn(await core.store.operations.steps(operationId), operationId, declaration);
}

/** Whether the step appears in the journal at all (started, done or failed). */
export function journaled(rows: readonly JournalRow[], declaration: StepDeclaration): boolean {
  return rows.some((r) => r.step === declaration.name);
}

/** When the step was first entered, from the journal (a resumed freeze keeps its first time). */
export function firstStarted(rows: readonly JournalRow[], declaration: StepDeclaration): Date | null {
  return rows.find((r) => r.step === declaration.name && r.state === 'started')?.at ?? null;
}
