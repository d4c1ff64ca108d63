/**
 * What a database driver reports, in terms no engine owns: executors journal
 * these, views render them. Each is a zod schema (a journal detail is
 * validated when read back) and the type it yields.
 */
import { z } from 'zod';

/** Why an object could not be copied; the engine's own error codes go in `details`. */
/** 'definition-mismatch': an object, a sequence's state, a history or a user is defined differently on the copy (both shown). */
export const failureCodes = ['create-failed', 'load-failed', 'definer-missing', 'user-failed', 'verify-mismatch', 'definition-mismatch', 'failed'] as const;
export type FailureCode = (typeof failureCodes)[number];

const engineDetails = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

const failureFields = {
  database: z.string(),
  object: z.string(),
  /** What the object is: 'table', 'data', 'view', 'user'... */
  kind: z.string(),
  /** A redacted excerpt of what was attempted (never a password or hash). */
  statement: z.string(),
  message: z.string(),
};

const neutralFailure = z.object({ ...failureFields, code: z.enum(failureCodes), details: engineDetails });

/** Rows journaled before failures were engine-neutral held MariaDB's errno and SQLSTATE at top level. */
const legacyFailure = z.object({ ...failureFields, errno: z.number().nullable(), sqlState: z.string().nullable() })
  .transform(({ errno, sqlState, ...rest }) => ({ ...rest, code: 'failed' as FailureCode, details: { errno, sqlState } }));

/** One object that could not be copied or verified. */
export const objectFailureSchema = z.union([neutralFailure, legacyFailure]);
export type ObjectFailure = z.output<typeof neutralFailure>;

/** Counts and checksums of one table on both sides; `method` says whether the target was read or its kept checksums used. */
export const verificationEntrySchema = z.object({
  database: z.string(),
  table: z.string(),
  sourceRows: z.number(),
  targetRows: z.number(),
  sourceChecksum: z.string().nullable(),
  targetChecksum: z.string().nullable(),
  ok: z.boolean(),
  /** How the table was verified (see the MariaDB driver's verify/types.ts for each method). */
  algorithm: z.enum(['row-crc32', 'checksum-table', 'row-crc32-over-checksum-table', 'counts']).optional(),
  method: z.enum(['both-sides', 'source-and-kept-target']).optional(),
});
export type VerificationEntry = z.output<typeof verificationEntrySchema>;

/** Something the source accepts that the target's default rules would reject. */
export const compatibilityWarningSchema = z.object({
  database: z.string(),
  table: z.string(),
  column: z.string(),
  kind: z.string(),
  count: z.number(),
  sqlMode: z.string(),
});

/** Per-database totals of a copy. */
export const databaseReportSchema = z.object({
  name: z.string(), tables: z.number(), rows: z.number(), bytes: z.number(), durationMs: z.number(), failures: z.number(),
});

export const userCopySchema = z.object({ user: z.string(), host: z.string(), ok: z.boolean() });
export type UserCopy = z.output<typeof userCopySchema>;

/** What a whole-account copy did. `ok` is false when anything failed or differs. */
export const copyReportSchema = z.object({
  ok: z.boolean(),
  startedAt: z.string(),
  durationMs: z.number(),
  databases: z.array(databaseReportSchema),
  totals: z.object({ tables: z.number(), rows: z.number(), bytes: z.number() }),
  users: z.array(userCopySchema),
  failures: z.array(objectFailureSchema),
  compatibilityWarnings: z.array(compatibilityWarningSchema),
  warnings: z.array(z.string()),
  /**
   * Tables ('db.table') the consistent snapshot did not cover (engines
   * without transactions): their rows match the others only if nothing
   * wrote to them during the copy.
   */
  outsideSnapshot: z.array(z.string()).default([]),
  verification: z.array(verificationEntrySchema),
  /** How long the verification (counts and checksums of both sides) took, within durationMs. */
  verifyMs: z.number().optional(),
});
export type CopyReport = z.output<typeof copyReportSchema>;

/** One sync pass: what it reloaded, and the verification of every table after it. */
export const syncReportSchema = z.object({
  mode: z.enum(['online', 'frozen']),
  durationMs: z.number(),
  tables: z.number(),
  tablesChanged: z.number(),
  rangesReloaded: z.number(),
  tablesRecreated: z.number(),
  tablesDropped: z.number(),
  rowsCopied: z.number(),
  bytesCopied: z.number(),
  verification: z.array(verificationEntrySchema),
  failures: z.array(objectFailureSchema),
  warnings: z.array(z.string()),
  ok: z.boolean(),
  /** A frozen pass: the account's users made again on the target from the source as it was then. */
  users: z.array(userCopySchema).optional(),
});
export type SyncReport = z.output<typeof syncReportSchema>;

/**
 * A digest per database of its definitions and its tables' contents, taken
 * when the bot leaves a copy behind (an account's old databases after a run):
 * the same digest later means nothing was written or changed there since.
 * A database that did not exist has no entry.
 */
export const copyFingerprintSchema = z.array(z.object({ database: z.string(), digest: z.string() }));
export type CopyFingerprint = z.output<typeof copyFingerprintSchema>;

/** A pass small enough for the step journal: its verification reduced to a count. */
export const passSummarySchema = syncReportSchema.omit({ verification: true }).extend({ verifiedTables: z.number() });
export type PassSummary = z.output<typeof passSummarySchema>;

/** A copy's progress: account-wide bytes (the total is an estimate), the object that just progressed. */
export interface CopyProgress {
  readonly phase: 'schema' | 'data' | 'routines' | 'users' | 'verify';
  readonly database?: string;
  readonly table?: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second since the data phase started. */
  readonly rate: number;
  /** Null until a rate is known. */
  readonly etaSeconds: number | null;
}

/** How much a check finding matters: the run or the application will fail, behaviour changes, or worth knowing. */
export const checkSeverities = ['blocker', 'warning', 'notice'] as const;
export type CheckSeverity = (typeof checkSeverities)[number];

const ruleTextSchema = z.object({ title: z.string(), explanation: z.string(), fix: z.string() });

/** One object a rule found: as precise as the rule can be (a column, a line of a program body). */
export const affectedObjectSchema = z.object({
  /** The account's database; absent for a server setting. */
  database: z.string().optional(),
  /** Table, view, routine, trigger, event, or a server variable's name. */
  object: z.string().optional(),
  column: z.string().optional(),
  /** Line of the program body (1-based). */
  line: z.number().optional(),
  /** What exactly is wrong here, as data (a word, a value, both sides of a setting). */
  detail: z.string().optional(),
});
export type AffectedObject = z.output<typeof affectedObjectSchema>;

/**
 * A rule that found something. The rule's texts travel with it (both
 * languages), so views render findings of any driver without knowing its rules.
 */
export const checkFindingSchema = z.object({
  rule: z.string(),
  severity: z.enum(checkSeverities),
  docs: z.string(),
  text: z.object({ en: ruleTextSchema, fr: ruleTextSchema }),
  objects: z.array(affectedObjectSchema),
});
export type CheckFinding = z.output<typeof checkFindingSchema>;

/** What `/migrate check` found on one account for one migration (or for a rollback of it). */
export const checkReportSchema = z.object({
  direction: z.enum(['upgrade', 'rollback']),
  sourceVersion: z.string(),
  /** The version the account would move to; its server's settings were read when `targetRead`. */
  targetVersion: z.string(),
  targetRead: z.boolean(),
  /** Ids of the rules that ran (the migration's rule set minus the ones it turns off). */
  rulesRun: z.array(z.string()),
  findings: z.array(checkFindingSchema),
  durationMs: z.number(),
});
export type CheckReport = z.output<typeof checkReportSchema>;

// The query replay's report: a file of its own, for size.
export * from './replay-report.ts';
/** The objects post-import checks look at. */
export const postImportKinds = ['table', 'view', 'procedure', 'function', 'trigger', 'event'] as const;

/**
 * One object of a copy that the new version does not accept as it is:
 * 'integrity' a table check failed, 'read' a view could not be read,
 * 'compile' a routine, trigger or event did not parse or compile there.
 * The engine's own codes (errno, SQLSTATE) go in `details`.
 */
export const postImportFailureSchema = z.object({
  database: z.string(),
  object: z.string(),
  kind: z.enum(postImportKinds),
  check: z.enum(['integrity', 'read', 'compile']),
  message: z.string(),
  details: engineDetails,
});
export type PostImportFailure = z.output<typeof postImportFailureSchema>;

/** What the checks of a copy on the server of the new version found; `checked` counts the objects looked at. */
export const postImportReportSchema = z.object({
  checked: z.object({ tables: z.number(), views: z.number(), routines: z.number(), triggers: z.number(), events: z.number() }),
  failures: z.array(postImportFailureSchema),
  durationMs: z.number(),
});
export type PostImportReport = z.output<typeof postImportReportSchema>;
