import type { z } from 'zod';

/**
 * One step of an operation, declared once: its journal name, the schema of
 * the detail it journals when done, and how cancellation and resume treat
 * it. Executors, the runner, the cancel guard and resume logic refer to
 * steps only through their declarations.
 */
export interface StepDeclaration<Name extends string = string, Detail = unknown> {
  readonly name: Name;
  /** Validates the journaled detail when it is read back (rows journaled by earlier versions included). */
  readonly detail: z.ZodType<Detail>;
  /** A cancel press is accepted while the operation is at this step (not during the downtime, nor after the cutover). */
  readonly cancellable: boolean;
  /** Runs even when cancellation was requested: steps after the cutover, and the revert that undoes a run. */
  readonly mustFinish: boolean;
  /** Journaled as started only, and run again on resume (idempotent ones: provision, copy). */
  readonly entered: boolean;
  /** Undoes a failed operation: journaled like any step, but the operation still names the step that failed. */
  readonly undo: boolean;
  /** A step inside another (the cutover hook's call inside the cutover): journaled, but the operation stays at the outer step. */
  readonly inner: boolean;
}

/** The detail type a declaration journals. */
export type DetailOf<D> = D extends StepDeclaration<string, infer Detail> ? Detail : never;

export interface StepOptions {
  readonly cancellable?: boolean;
  readonly mustFinish?: boolean;
  readonly entered?: boolean;
  readonly undo?: boolean;
  readonly inner?: boolean;
}

/** Declares a step; by default cancellable, skipped on resume once journaled done. */
export function step<const Name extends string, Schema extends z.ZodType>(
  name: Name, detail: Schema, options: StepOptions = {},
): StepDeclaration<Name, z.output<Schema>> {
  return {
    name, detail: detail as z.ZodType<z.output<Schema>>,
    cancellable: options.cancellable ?? true, mustFinish: options.mustFinish ?? false, entered: options.entered ?? false, undo: options.undo ?? false,
    inner: options.inner ?? false,
  };
}

/** The same step name with another detail or options (a rollback's verify journals less than a run's). */
export function variant<const Name extends string, Schema extends z.ZodType>(
  of: StepDeclaration<Name>, detail: Schema, options: StepOptions = {},
): StepDeclaration<Name, z.output<Schema>> {
  return step(of.name, detail, { cancellable: of.cancellable, mustFinish: of.mustFinish, entered: of.entered, undo: of.undo, inner: of.inner, ...options });
}
