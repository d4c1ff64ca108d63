import type { DatabaseCatalog, TableInfo } from './catalog.ts';
import type { Session } from './connections.ts';
import { quoteIdent, quoteString } from './quote.ts';

/**
 * System-versioned tables keep their history: the copy reads every row
 * version (`FOR SYSTEM_TIME ALL`) with its ROW_START and ROW_END, and loads
 * them with `system_versioning_insert_history = ON` (10.11+). A row still
 * current ends at the server's largest TIMESTAMP, which differs between
 * versions (2038-01-19 on 10.11, 2106-02-07 on 11.5+): it is rewritten to
 * the target's, else it would land as history there.
 */

/** The server's largest TIMESTAMP (its "still current" ROW_END), in the session's +00:00 zone. */
export const TIMESTAMP_MAX_SQL = 'COALESCE(FROM_UNIXTIME(4294967295.999999), FROM_UNIXTIME(2147483647.999999))';

/** The target's "still current" ROW_END, as text. */
export async function readTimestampMax(session: Session): Promise<string> {
  const [row] = await session.rows(`SELECT CAST(${TIMESTAMP_MAX_SQL} AS CHAR) m`);
  return String(row?.['m'] ?? '');
}

/** The catalogs with the target's ROW_END of current rows recorded on every system-versioned table. */
export function withTargetHistoryEnd(catalogs: readonly DatabaseCatalog[], targetEnd: string): DatabaseCatalog[] {
  return catalogs.map((db) => ({
    ...db,
    tables: db.tables.map((t): TableInfo => (t.history ? { ...t, history: { ...t.history, targetEnd } } : t)),
  }));
}

/** What to add after the table name in a FROM clause: every row version of a system-versioned table. */
export const allVersions = (table: TableInfo): string => (table.history ? ' FOR SYSTEM_TIME ALL' : '');

/** Expressions reading the period columns on the source (after the loaded columns). */
export function historyReadExpressions(table: TableInfo): string[] {
  const h = table.history;
  if (!h) return [];
  const end = quoteIdent(h.end);
  const targetEnd = h.targetEnd === undefined ? end : quoteString(h.targetEnd);
  return [quoteIdent(h.start), `IF(${end} = ${TIMESTAMP_MAX_SQL}, ${targetEnd}, ${end})`];
}

/** Columns of the period written by LOAD DATA (after the loaded columns). */
export function historyLoadColumns(table: TableInfo): string[] {
  return table.history ? [quoteIdent(table.history.start), quoteIdent(table.history.end)] : [];
}

/**
 * Expressions hashed for the period, the same on both sides: ROW_START as
 * is, ROW_END as NULL while the row is current on that server.
 */
export function historyHashExpressions(table: TableInfo): string[] {
  const h = table.history;
  if (!h) return [];
  const end = quoteIdent(h.end);
  return [`CAST(${quoteIdent(h.start)} AS BINARY)`, `CAST(IF(${end} = ${TIMESTAMP_MAX_SQL}, NULL, ${end}) AS BINARY)`];
}
