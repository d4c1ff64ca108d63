/**
 * What a query replay reports (src/drivers/reports.ts re-exports it): the
 * account's read queries run on its server and on a copy, compared.
 */
import { z } from 'zod';

/** Where a query replay took its queries: the source's statement digests, a query log file, the account's tables and views. */
export const replaySources = ['digests', 'query-log', 'catalogue'] as const;
/** Why a source gave no query, so the next one was used. */
export const replayFallbackReasons = [
  'performance-schema-off', 'no-digests', 'no-digest-samples', 'no-query-log', 'query-log-unreadable', 'query-log-empty', 'nothing-replayable',
] as const;
/** Why a statement found in a source was not run: only plain reads on the account's databases ever are. */
export const replayRefusals = [
  'not-select', 'multiple-statements', 'writes', 'locks', 'waits', 'system-schema', 'unterminated', 'truncated', 'other-database', 'no-sample',
] as const;
/**
 * How a query differs on the target: 'result' (row count or rows), 'order'
 * (same rows, another order, for a query with ORDER BY), 'warnings', 'plan'
 * (a full scan or another index), 'error' (fails on the target only).
 */
export const replayDifferenceKinds = ['result', 'order', 'warnings', 'plan', 'error'] as const;

const replaySideSchema = z.object({
  rows: z.number().nullable(),
  medianMs: z.number().nullable(),
  /** 'Level code: message' of each warning of the first run. */
  warnings: z.array(z.string()),
  /** How the plan reads each table: 'orders: range k_customer', 'orders: ALL'. */
  plan: z.array(z.string()),
  error: z.string().nullable(),
});

/** A table the target reads worse: a full scan where the source used an index, no index, or another one. */
export const planChangeSchema = z.object({
  table: z.string(),
  change: z.enum(['full-scan', 'index-lost', 'index-changed']),
  source: z.string(),
  target: z.string(),
});

/** A query that behaves differently on the target. `fingerprint` has its literals as `?`: values from logs may be private. */
export const replayDifferenceSchema = z.object({
  database: z.string().nullable(),
  fingerprint: z.string(),
  origin: z.enum(['digest', 'query-log', 'table', 'view']),
  kinds: z.array(z.enum(replayDifferenceKinds)),
  planChanges: z.array(planChangeSchema),
  source: replaySideSchema,
  target: replaySideSchema,
});
export type ReplayDifference = z.output<typeof replayDifferenceSchema>;

/** A query slower on the target: medians of its runs on each side. */
export const replayRegressionSchema = z.object({
  database: z.string().nullable(), fingerprint: z.string(), sourceMs: z.number(), targetMs: z.number(), ratio: z.number(),
});

/** What replaying the account's read queries on both servers found (as pt-upgrade does). */
export const replayReportSchema = z.object({
  source: z.enum(replaySources),
  /** The sources tried before `source`, each with why it gave nothing. */
  fallbacks: z.array(z.object({ source: z.enum(replaySources), reason: z.enum(replayFallbackReasons) })),
  /** Distinct queries the source offered, refused ones included. */
  found: z.number(),
  refused: z.array(z.object({ reason: z.enum(replayRefusals), count: z.number() })),
  replayed: z.number(),
  identical: z.number(),
  /** Queries the source's read-only transaction stopped (a stored function that writes): never compared. */
  blockedWrites: z.number(),
  /** Queries that failed on the source (missing objects, timeouts): never compared. */
  sourceErrors: z.number(),
  /** Queries whose result changed between two runs on the source (NOW(), RAND(), live writes): results not compared. */
  unstable: z.number(),
  /** The first differences (the list is bounded); `differenceCount` counts them all. */
  differences: z.array(replayDifferenceSchema),
  differenceCount: z.number(),
  /** The largest latency regressions, slowest first. */
  regressions: z.array(replayRegressionSchema),
  /** Queries left unrun when the time budget ran out. */
  budgetLeft: z.number(),
  runs: z.number(),
  durationMs: z.number(),
});
export type ReplayReport = z.output<typeof replayReportSchema>;

/** Why a test import has no replay report: turned off in the config, a copy that differs already, or the replay failed (its message). */
export const replaySkippedSchema = z.object({ skipped: z.enum(['disabled', 'copy-differs', 'failed']), message: z.string().optional() });
/** What a test import keeps of its replay. */
export const replayOutcomeSchema = z.union([replayReportSchema, replaySkippedSchema]);
export type ReplayOutcome = z.output<typeof replayOutcomeSchema>;
