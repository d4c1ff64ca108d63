/**
 * Query replay, as Percona's pt-upgrade does it: the account's read queries
 * run on its server and on the copy, within a time budget, and what differs
 * (results, order, warnings, plans, errors) and what got slower is
 * reported. Nothing is written on the source: only statements the filter
 * accepts run there, each inside a read-only transaction of a read-only
 * session (session.ts).
 */
import type { ReplayRequest } from '../../driver.ts';
import type { ReplayReport } from '../../reports.ts';
import { compareQuery, type Outcome } from './compare.ts';
import { collectQueries } from './queries.ts';
import { ReplaySession } from './session.ts';

/** Differences and regressions kept in the report (it is journaled and shown in chat). */
const MAX_DIFFERENCES = 50;
const MAX_REGRESSIONS = 10;
/** No single statement runs longer than this, nor than a quarter of the budget. */
const MAX_STATEMENT_MS = 10_000;

type Tally = Omit<ReplayReport, 'source' | 'fallbacks' | 'found' | 'refused' | 'runs' | 'durationMs' | 'budgetLeft'>;

function count(tally: Tally, outcome: Outcome, query: { database: string | null; fingerprint: string }): void {
  if (outcome.kind !== 'compared') {
    if (outcome.kind === 'blocked-write') tally.blockedWrites++;
    else tally.sourceErrors++;
    return;
  }
  tally.replayed++;
  if (outcome.difference) {
    tally.differenceCount++;
    if (tally.differences.length < MAX_DIFFERENCES) tally.differences.push(outcome.difference);
  } else if (outcome.unstable) tally.unstable++;
  else tally.identical++;
  if (outcome.slower && outcome.latency) {
    const { sourceMs, targetMs } = outcome.latency;
    tally.regressions.push({ ...query, sourceMs, targetMs, ratio: Math.round((targetMs / Math.max(sourceMs, 0.01)) * 10) / 10 });
  }
}

export async function replayQueries(request: ReplayRequest): Promise<ReplayReport> {
  const started = Date.now();
  const hasTime = (): boolean => Date.now() - started < request.budgetMs;
  const source = await ReplaySession.open(request.source, 'source', request.signal);
  let target: ReplaySession | undefined;
  try {
    target = await ReplaySession.open(request.target, 'target', request.signal);
    const collected = await collectQueries(source, request);
    const tally: Tally = {
      replayed: 0, identical: 0, blockedWrites: 0, sourceErrors: 0, unstable: 0, differences: [], differenceCount: 0, regressions: [],
    };
    const timeoutMs = Math.min(MAX_STATEMENT_MS, Math.max(100, request.budgetMs / 4));
    let budgetLeft = 0;
    for (const [index, query] of collected.queries.entries()) {
      request.signal?.throwIfAborted();
      if (!hasTime()) { budgetLeft = collected.queries.length - index; break; }
      const outcome = await compareQuery({ source, target }, query, { runs: request.runs, timeoutMs, slowRatio: request.slowRatio, hasTime });
      count(tally, outcome, query);
      request.onQuery?.(index + 1, collected.queries.length);
    }
    tally.regressions.sort((a, b) => (b.targetMs - b.sourceMs) - (a.targetMs - a.sourceMs));
    return {
      source: collected.source, fallbacks: collected.fallbacks, found: collected.found, refused: collected.refused,
      ...tally, regressions: tally.regressions.slice(0, MAX_REGRESSIONS), budgetLeft, runs: request.runs, durationMs: Date.now() - started,
    };
  } finally {
    await Promise.all([source.close(), target?.close()]);
  }
}
