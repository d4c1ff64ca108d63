/**
 * Statements from the source's performance_schema. Its digest summary says
 * which SELECTs run on the account's databases and how much time they take,
 * but only with `?` for their values: MariaDB (10.11 and 11.8 alike) has no
 * QUERY_SAMPLE_TEXT column, unlike MySQL 8. A runnable text of a digest is
 * taken from the statement history tables, which keep one only when their
 * consumers are on (events_statements_current and _history_long are off by
 * default, and the short history forgets a connection's statements when it
 * ends); a digest without one is refused as 'no-sample'.
 */
import { cellText } from '../../copier/connections.ts';
import type { ReplaySession } from '../session.ts';
import { inList, type Candidate, type SourceResult } from './candidate.ts';

/** The digest table holds at most performance_schema_digests_size rows (5000 by default). */
const MAX_DIGESTS = 2000;

export async function digestCandidates(session: ReplaySession, databases: readonly string[]): Promise<SourceResult> {
  const [facts] = await session.rows('SELECT @@GLOBAL.performance_schema AS ps, @@GLOBAL.performance_schema_max_sql_text_length AS maxText');
  if (Number(facts?.['ps']) !== 1) return { reason: 'performance-schema-off' };
  const maxText = Number(facts?.['maxText'] ?? 1024);
  const digests = await session.rows(
    `SELECT SCHEMA_NAME AS db, DIGEST AS digest FROM performance_schema.events_statements_summary_by_digest
      WHERE SCHEMA_NAME IN (${inList(databases)}) AND DIGEST_TEXT REGEXP '^[[:space:](]*(SELECT|WITH)[[:space:]]'
      ORDER BY SUM_TIMER_WAIT DESC LIMIT ${MAX_DIGESTS}`, [...databases]);
  if (digests.length === 0) return { reason: 'no-digests' };
  const samples = new Map<string, string>();
  for (const table of ['events_statements_history_long', 'events_statements_history']) {
    const rows = await session.rows(
      `SELECT CURRENT_SCHEMA AS db, DIGEST AS digest, SQL_TEXT AS text FROM performance_schema.${table}
        WHERE DIGEST IS NOT NULL AND SQL_TEXT IS NOT NULL AND CURRENT_SCHEMA IN (${inList(databases)})`, [...databases]);
    for (const row of rows) {
      const key = `${cellText(row['db'])}\u0000${cellText(row['digest'])}`;
      if (!samples.has(key)) samples.set(key, cellText(row['text']) ?? '');
    }
  }
  const candidates = digests.map((row): Candidate => {
    const database = cellText(row['db']);
    const sample = samples.get(`${database}\u0000${cellText(row['digest'])}`);
    if (sample === undefined) return { database, sql: '', origin: 'digest', refused: 'no-sample' };
    // A text as long as the limit was cut there: running it would run another statement, or fail.
    if (Buffer.byteLength(sample) >= maxText) return { database, sql: sample, origin: 'digest', refused: 'truncated' };
    return { database, sql: sample, origin: 'digest' };
  });
  return candidates.some((c) => c.refused === undefined) ? { candidates } : { reason: 'no-digest-samples' };
}
