/**
 * Statements made from the account's own tables and views, when no log of
 * what the applications run is available: for each table a bounded read in
 * key order, a count and a lookup through its first secondary index; for
 * each view a count and a bounded read. Every read has an ORDER BY that
 * makes its rows one sequence (the primary key, else every column), so two
 * servers may only differ by what they return.
 */
import { cellText } from '../../copier/connections.ts';
import type { ReplaySession } from '../session.ts';
import { inList, quoteName, type Candidate, type SourceResult } from './candidate.ts';

const BOUNDED_ROWS = 1000;
const LOOKUP_ROWS = 100;

interface Relation {
  readonly database: string;
  readonly name: string;
  readonly view: boolean;
  readonly rows: number;
  readonly columns: number;
  readonly primary: string[];
  /** First column of the first index that is not the primary key. */
  readonly indexed: string | null;
}

async function relations(session: ReplaySession, databases: readonly string[]): Promise<Relation[]> {
  const values = [...databases];
  const tables = await session.rows(`SELECT t.table_schema AS db, t.table_name AS name, t.table_type AS type, COALESCE(t.table_rows, 0) AS n,
      (SELECT COUNT(*) FROM information_schema.columns c WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name) AS cols
    FROM information_schema.tables t WHERE t.table_schema IN (${inList(values)}) AND t.table_type IN ('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')
    ORDER BY 1, 2`, values);
  const keys = await session.rows(`SELECT table_schema AS db, table_name AS tbl, index_name AS idx, column_name AS col FROM information_schema.statistics
    WHERE table_schema IN (${inList(values)}) ORDER BY 1, 2, index_name <> 'PRIMARY', index_name, seq_in_index`, values);
  return tables.map((t) => {
    const [database, name] = [cellText(t['db']) ?? '', cellText(t['name']) ?? ''];
    const own = keys.filter((k) => cellText(k['db']) === database && cellText(k['tbl']) === name);
    const secondary = own.find((k) => cellText(k['idx']) !== 'PRIMARY');
    return {
      database, name, view: cellText(t['type']) === 'VIEW', rows: Number(t['n']), columns: Number(t['cols']),
      primary: own.filter((k) => cellText(k['idx']) === 'PRIMARY').map((k) => cellText(k['col']) ?? ''),
      indexed: secondary ? cellText(secondary['col']) : null,
    };
  });
}

/** The ORDER BY that fixes the order of every row: the primary key, or all columns by position. */
const orderOf = (r: Relation): string => (r.primary.length > 0
  ? r.primary.map(quoteName).join(', ')
  : Array.from({ length: Math.max(1, r.columns) }, (_, i) => String(i + 1)).join(', '));

/**
 * A value as SQL: numbers as they are, text quoted (quotes doubled), bytes
 * and text holding a backslash as hex literals: a backslash means itself
 * or an escape depending on the sql_mode (NO_BACKSLASH_ESCAPES).
 */
function literal(value: unknown): string {
  if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) return String(value);
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  const text = cellText(value) ?? '';
  // The introducer keeps the text's character set; the column's collation still applies (a literal yields to a column).
  return text.includes('\\') ? `_utf8mb4 X'${Buffer.from(text, 'utf8').toString('hex')}'` : `'${text.replaceAll("'", "''")}'`;
}

/** A lookup through the relation's secondary index, on a value of the middle of the table (read from the source). */
async function lookup(session: ReplaySession, r: Relation, from: string): Promise<string | null> {
  if (r.indexed === null || r.view) return null;
  const offset = Math.floor(Math.min(r.rows, 10_000) / 2);
  const [row] = await session.rows(`SELECT ${quoteName(r.indexed)} AS v FROM ${from} ORDER BY ${orderOf(r)} LIMIT 1 OFFSET ${offset}`);
  if (!row) return null;
  const condition = row['v'] === null ? 'IS NULL' : `= ${literal(row['v'])}`;
  return `SELECT * FROM ${from} WHERE ${quoteName(r.indexed)} ${condition} ORDER BY ${orderOf(r)} LIMIT ${LOOKUP_ROWS}`;
}

export async function catalogueCandidates(session: ReplaySession, databases: readonly string[]): Promise<SourceResult> {
  const candidates: Candidate[] = [];
  for (const r of await relations(session, databases)) {
    const from = `${quoteName(r.database)}.${quoteName(r.name)}`;
    const origin = r.view ? 'view' : 'table';
    const add = (sql: string): void => { candidates.push({ database: r.database, sql, origin }); };
    add(`SELECT * FROM ${from} ORDER BY ${orderOf(r)} LIMIT ${BOUNDED_ROWS}`);
    add(`SELECT COUNT(*) FROM ${from}`);
    const byIndex = await lookup(session, r, from);
    if (byIndex !== null) add(byIndex);
  }
  return candidates.length > 0 ? { candidates } : { reason: 'nothing-replayable' };
}
