/**
 * The queries of a replay: from the first source that has some (the
 * source's statement digests, then the query log, then the account's
 * tables and views), each judged by the statement filter, one per database
 * and fingerprint, at most `maxQueries`.
 */
import type { ReplayReport } from '../../reports.ts';
import type { ReplaySession } from './session.ts';
import { vetStatement, type Refusal } from './statement.ts';
import type { Candidate, SourceResult } from './sources/candidate.ts';
import { catalogueCandidates } from './sources/catalogue.ts';
import { digestCandidates } from './sources/digests.ts';
import { queryLogCandidates } from './sources/query-log.ts';

/** A query to replay. */
export interface ReplayQuery {
  readonly database: string | null;
  readonly sql: string;
  readonly fingerprint: string;
  /** The outer query has an ORDER BY: rows compare in order, else as a multiset. */
  readonly ordered: boolean;
  readonly origin: Candidate['origin'];
}

export interface CollectedQueries {
  readonly source: ReplayReport['source'];
  readonly fallbacks: ReplayReport['fallbacks'];
  readonly found: number;
  readonly refused: ReplayReport['refused'];
  readonly queries: readonly ReplayQuery[];
}

/** Judges a source's candidates: the accepted ones (deduplicated), and the count of each refusal. */
function vet(candidates: readonly Candidate[], databases: readonly string[], maxQueries: number) {
  const refused = new Map<Refusal, number>();
  const refuse = (reason: Refusal, count: number): void => { refused.set(reason, (refused.get(reason) ?? 0) + count); };
  const seen = new Set<string>();
  const queries: ReplayQuery[] = [];
  let found = 0;
  for (const candidate of candidates) {
    const count = candidate.count ?? 1;
    found += count;
    if (candidate.refused) { refuse(candidate.refused, count); continue; }
    const verdict = vetStatement(candidate.sql);
    if (!verdict.ok) { refuse(verdict.reason, count); continue; }
    // Statements of a log run where their connection was; the copy holds the account's databases only.
    if (candidate.database === null || !databases.includes(candidate.database)) { refuse('other-database', count); continue; }
    const key = `${candidate.database}\u0000${verdict.fingerprint}`;
    if (seen.has(key) || queries.length >= maxQueries) continue;
    seen.add(key);
    queries.push({ database: candidate.database, sql: verdict.sql, fingerprint: verdict.fingerprint, ordered: verdict.ordered, origin: candidate.origin });
  }
  return { queries, found, refused: [...refused].map(([reason, n]) => ({ reason, count: n })) };
}

export async function collectQueries(
  session: ReplaySession, request: { readonly databases: readonly string[]; readonly queryLog?: string; readonly maxQueries: number },
): Promise<CollectedQueries> {
  const sources: [ReplayReport['source'], () => Promise<SourceResult>][] = [
    ['digests', () => digestCandidates(session, request.databases)],
    ['query-log', () => queryLogCandidates(request.queryLog)],
    ['catalogue', () => catalogueCandidates(session, request.databases)],
  ];
  const fallbacks: ReplayReport['fallbacks'] = [];
  let last: CollectedQueries | undefined;
  for (const [source, read] of sources) {
    const result = await read();
    if ('reason' in result) { fallbacks.push({ source, reason: result.reason }); continue; }
    const vetted = vet(result.candidates, request.databases, request.maxQueries);
    last = { source, fallbacks: [...fallbacks], ...vetted };
    if (vetted.queries.length > 0) return last;
    fallbacks.push({ source, reason: 'nothing-replayable' });
  }
  // Even the catalogue gave nothing (no tables): report the last source read, with what it refused.
  return last ?? { source: 'catalogue', fallbacks: fallbacks.slice(0, -1), found: 0, refused: [], queries: [] };
}
