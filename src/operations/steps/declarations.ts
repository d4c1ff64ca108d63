import { z } from 'zod';
import { checkReportSchema, copyFingerprintSchema, copyReportSchema, passSummarySchema, postImportReportSchema, replayOutcomeSchema, syncReportSchema } from '../../drivers/reports.ts';
import type { OperationKind } from '../../messages/model.ts';
import { step, variant, type StepDeclaration } from './step.ts';

const locks = z.object({ previouslyLocked: z.array(z.string()) });
const verified = z.object({ tables: z.number(), rows: z.number(), bothSides: z.number(), keptTarget: z.array(z.string()) });
const checked = z.object({ checked: z.literal(true) });

// Steps a run and a rollback share: same names, same details.
const onlineCopy = step('online-copy', z.array(passSummarySchema));
const freezePlan = step('freeze-plan', locks);
// From the freeze to the cutover a cancel press is refused: the operation finishes or reverts.
const freeze = step('freeze', z.object({ killed: z.number() }), { cancellable: false });
const finalCopy = step('final-copy', syncReportSchema, { cancellable: false });
const verify = step('verify', verified, { cancellable: false });
const cutover = step('cutover', z.object({ deadline: z.string(), hookAttempts: z.number(), previouslyLocked: z.array(z.string()) }), { cancellable: false });
// The hook's call inside the cutover: started and not done means possibly applied (a timeout, a crash during the call).
const cutoverHook = step('cutover-hook', z.object({ outcome: z.enum(['applied', 'refused', 'none']), attempts: z.number() }), { cancellable: false, inner: true });
const eventRef = z.object({ database: z.string(), name: z.string() });
// Events run as their definer whatever the users' lock: the enabled ones are journaled first, so a revert or the unfreeze enables exactly those.
const eventsPlan = step('events-plan', z.object({ enabled: z.array(eventRef) }));
const eventsOff = step('events-off', z.object({ disabled: z.number() }), { cancellable: false });
// The lock stopping every writer of the account's tables until the cutover: a session's, so a resumed invocation takes it again (and copies again).
const lockWrites = step('lock-writes', z.object({ tables: z.number(), attempts: z.number(), holder: z.string().optional() }), { cancellable: false });
const unfreeze = step('unfreeze', z.object({ at: z.string() }), { cancellable: false, mustFinish: true });
// After the unfreeze (no downtime: digesting reads every row): what the operation left, locked, on the server it moved
// from, and its fingerprint; the removal after the retention drops it only if unchanged. Journals without it: kept.
const oldCopy = step('old-copy', z.object({
  server: z.string(), databases: z.array(z.string()), users: z.array(z.object({ user: z.string(), host: z.string() })),
  fingerprint: copyFingerprintSchema.nullable(),
}), { cancellable: false, mustFinish: true });
const revert = step('revert', z.object({ unfrozen: z.boolean(), keptCopy: z.boolean().optional() }), { cancellable: false, mustFinish: true, undo: true });

/** The steps of a run, in order; `revert` undoes one that failed before its cutover. */
export const runSteps = {
  checkTarget: step('check-target', z.object({ replaced: z.array(z.string()) })),
  precopy: step('precopy', copyReportSchema),
  onlineCopy, freezePlan, eventsPlan, eventsOff, freeze, lockWrites, finalCopy, verify, cutoverHook, cutover, unfreeze, oldCopy, revert,
};

const checkCompat = step('check-compat', checked);

/** The steps of a rollback, in order: a run's, the other way, with compatibility checks instead of the target check and precopy. */
export const rollbackSteps = {
  checkCompat, onlineCopy, freezePlan, eventsPlan, eventsOff, freeze,
  // Objects created while the account was online since the first check: checked again, frozen.
  recheckCompat: step('recheck-compat', checked),
  lockWrites, finalCopy,
  verify: variant(verify, verified.omit({ rows: true }).extend({ rows: z.number().optional() })),
  cutoverHook, cutover: variant(cutover, z.object({ hookAttempts: z.number() })),
  unfreeze, oldCopy, revert,
};

/** The steps of a test, in the order they run; replace-previous, check, post-import and replay are journaled done, the others entered (run again on resume). */
export const testSteps = {
  replacePrevious: step('replace-previous', z.null()),
  provision: step('provision', z.null(), { entered: true }),
  /** The migration's compatibility rules, once the temporary server is up (its settings are the target's): read only. */
  check: step('check', checkReportSchema),
  copy: step('copy', z.null(), { entered: true }),
  /** The copy's verification phase: a progress label and where a test whose verification found differences failed. */
  verify: variant(verify, z.null(), { entered: true, cancellable: true }),
  /** After the copy, on the temporary server: tables checked, views read, programs compiled; failures by object. */
  postImport: step('post-import', postImportReportSchema),
  /** The account's read queries replayed on both servers once the copy is verified; journaled, so a resumed test keeps its result. */
  replay: step('replay', replayOutcomeSchema),
  report: step('report', z.null(), { entered: true }),
};

const stepsOf: Record<OperationKind, Record<string, StepDeclaration>> = { test: testSteps, run: runSteps, rollback: rollbackSteps };

/** Whether a cancel press is accepted while an operation of this kind is at this step (unknown steps: yes). */
export function acceptsCancel(kind: OperationKind, stepName: string): boolean {
  return Object.values(stepsOf[kind]).find((s) => s.name === stepName)?.cancellable ?? true;
}
