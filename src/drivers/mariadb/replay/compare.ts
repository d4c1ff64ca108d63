/**
 * One query on both sides: its runs (alternating, so a warming cache or a
 * busy moment hits both), its warnings and plans, and what differs.
 */
import type { ReplayDifference } from '../../reports.ts';
import { comparePlans, describePlanRow, type PlanRow } from './plans.ts';
import type { ReplayQuery } from './queries.ts';
import { READ_ONLY_ERRNO, executionError, type Execution, type ExecutionError, type ReplaySession } from './session.ts';

/** Below this a slower target is noise, whatever the ratio. */
const MIN_SLOWDOWN_MS = 5;

export type Outcome =
  | { readonly kind: 'blocked-write' | 'source-error' }
  | {
    readonly kind: 'compared';
    /** The source's own runs disagreed: its result is not comparable. */
    readonly unstable: boolean;
    readonly difference: ReplayDifference | null;
    readonly latency: { readonly sourceMs: number; readonly targetMs: number } | null;
    readonly slower: boolean;
  };

export interface Sides {
  readonly source: ReplaySession;
  readonly target: ReplaySession;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round = (ms: number): number => Math.round(ms * 100) / 100;
const stable = (runs: readonly Execution[]): boolean => runs.every((r) => r.asSet === runs[0]?.asSet && r.inOrder === runs[0]?.inOrder);
/** Warnings shown per query and side; all of them are compared. */
const SHOWN_WARNINGS = 5;
/** Warnings compared by level and code: their wording changes between versions. */
const warningCodes = (warnings: readonly string[]): string => warnings.map((w) => w.slice(0, w.indexOf(':'))).sort().join('|');

async function planOf(session: ReplaySession, query: ReplayQuery, timeoutMs: number): Promise<PlanRow[]> {
  // A statement EXPLAIN refuses has no plan to compare; its runs still are.
  return session.explain(query.database, query.sql, timeoutMs).catch(() => []);
}

/**
 * Runs `query` `runs` times on each side (once more on each only while
 * `hasTime` says so), each run stopped by the server after `timeoutMs`.
 */
export async function compareQuery(
  sides: Sides, query: ReplayQuery, options: { runs: number; timeoutMs: number; slowRatio: number; hasTime: () => boolean },
): Promise<Outcome> {
  const sourceRuns: Execution[] = [];
  const targetRuns: Execution[] = [];
  let targetError: ExecutionError | null = null;
  for (let run = 0; run < options.runs && (run === 0 || options.hasTime()); run++) {
    try {
      sourceRuns.push(await sides.source.run(query.database, query.sql, options.timeoutMs));
    } catch (error) {
      if (executionError(error).errno === READ_ONLY_ERRNO) return { kind: 'blocked-write' };
      if (run === 0) return { kind: 'source-error' };
      break;
    }
    if (targetError) continue;
    try {
      targetRuns.push(await sides.target.run(query.database, query.sql, options.timeoutMs));
    } catch (error) {
      targetError = executionError(error);
    }
  }
  const sourcePlan = await planOf(sides.source, query, options.timeoutMs);
  const targetPlan = targetError ? [] : await planOf(sides.target, query, options.timeoutMs);
  const unstable = !stable(sourceRuns) || !stable(targetRuns);
  const [s, t] = [sourceRuns[0] as Execution, targetRuns[0]];
  const [sourceWarnings, targetWarnings] = [s.warnings, t?.warnings ?? []];
  const kinds: ReplayDifference['kinds'] = [];
  if (targetError || !t) kinds.push('error');
  else if (!unstable && (s.rows !== t.rows || s.asSet !== t.asSet)) kinds.push('result');
  else if (!unstable && query.ordered && s.inOrder !== t.inOrder) kinds.push('order');
  if (!targetError && warningCodes(sourceWarnings) !== warningCodes(targetWarnings)) kinds.push('warnings');
  const planChanges = comparePlans(sourcePlan, targetPlan);
  if (planChanges.length > 0) kinds.push('plan');
  const latency = t ? { sourceMs: round(median(sourceRuns.map((r) => r.ms))), targetMs: round(median(targetRuns.map((r) => r.ms))) } : null;
  const slower = latency !== null && latency.targetMs >= options.slowRatio * latency.sourceMs && latency.targetMs - latency.sourceMs >= MIN_SLOWDOWN_MS;
  const difference: ReplayDifference | null = kinds.length === 0 ? null : {
    database: query.database, fingerprint: query.fingerprint, origin: query.origin, kinds, planChanges,
    source: { rows: s.rows, medianMs: latency?.sourceMs ?? round(median(sourceRuns.map((r) => r.ms))), warnings: sourceWarnings.slice(0, SHOWN_WARNINGS), plan: sourcePlan.map(describePlanRow), error: null },
    target: {
      rows: t?.rows ?? null, medianMs: latency?.targetMs ?? null, warnings: targetWarnings.slice(0, SHOWN_WARNINGS), plan: targetPlan.map(describePlanRow),
      error: targetError ? `${targetError.errno ?? '-'}: ${targetError.message}` : null,
    },
  };
  return { kind: 'compared', unstable, difference, latency, slower };
}
