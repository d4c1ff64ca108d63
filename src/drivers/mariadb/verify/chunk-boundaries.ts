import type { TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import { qualified, quoteIdent } from '../copier/quote.ts';
import { rangeWhere, type KeyRange } from '../copier/table-copy.ts';
import { cellText } from '../copier/connections.ts';
import { rowHashSql, rowsChecksumOf } from './checksum.ts';
import type { RowsChecksum, VerificationEntry } from './types.ts';

/**
 * Chunks of a table cut by its integer primary key at boundaries taken from
 * its rows (every `rowsPerChunk`-th key), so sparse keys (ids in clusters far
 * apart) still give chunks of about `rowsPerChunk` rows. With boundaries
 * b[0] < ... < b[n-1], chunk 0 holds the keys below b[0], chunk k the keys in
 * [b[k-1], b[k]) and chunk n the keys from b[n-1] up: every key falls in
 * exactly one chunk, whatever was inserted or deleted since the boundaries
 * were taken. The chunk of a row is MariaDB's INTERVAL(key, b...) (a binary
 * search over constants).
 */
export interface BoundaryChunks {
  readonly column: string;
  /** Increasing integer keys, as decimal strings. */
  readonly boundaries: readonly string[];
}

const INTEGER = /^-?\d+$/;

function checkedKey(value: unknown): string {
  const text = cellText(value) ?? '';
  if (!INTEGER.test(text)) throw new Error(`not an integer key: ${text.slice(0, 40)}`);
  return text;
}

/**
 * Every `rowsPerChunk`-th key of the table (or of `range` of it), starting
 * with its smallest, in the caller's session (on the source, in the
 * snapshot): one short index range read per boundary.
 */
export async function keyBoundaries(session: Session, table: TableInfo, column: string, rowsPerChunk: number, range: KeyRange | null = null): Promise<string[]> {
  const col = quoteIdent(column);
  const from = qualified(table.database, table.name);
  const where = rangeWhere(range);
  const [first] = await session.rows(`SELECT CAST(MIN(${col}) AS CHAR) k FROM ${from}${where.sql}`, where.values);
  if (first?.['k'] == null) return [];
  const boundaries = [checkedKey(first['k'])];
  const step = Math.max(1, Math.floor(rowsPerChunk));
  const upper = range?.to != null ? ` AND ${col} < ?` : '';
  for (;;) {
    const last = boundaries[boundaries.length - 1] as string;
    const [row] = await session.rows(`SELECT CAST(${col} AS CHAR) k FROM ${from} WHERE ${col} >= ${last}${upper} ORDER BY ${col} LIMIT 1 OFFSET ${step}`,
      range?.to != null ? [range.to] : []);
    if (row?.['k'] == null) return boundaries;
    boundaries.push(checkedKey(row['k']));
  }
}

/**
 * Cuts the chunks of `split` (indexes) that grew too big into chunks of
 * about `rowsPerChunk` rows, and the chunks of `afterLast` just after their
 * largest key (rows appended there later land in a chunk of their own), with
 * boundaries read in `session` (any side: boundaries only partition the
 * keys). Returns the new boundaries and where each old chunk now lies (first
 * and last new index).
 */
export async function splitChunks(
  session: Session, table: TableInfo, chunks: BoundaryChunks, split: readonly number[], rowsPerChunk: number, afterLast: readonly number[] = [],
): Promise<{ chunks: BoundaryChunks; moved: (old: number) => [number, number] }> {
  const added: string[] = [];
  const inside = (range: KeyRange) => (k: string) => (range.from === null || BigInt(k) > BigInt(range.from)) && (range.to === null || BigInt(k) < BigInt(range.to));
  for (const i of split) {
    const range = chunkRange(chunks, i, i);
    added.push(...(await keyBoundaries(session, table, chunks.column, rowsPerChunk, range)).filter(inside(range)));
  }
  for (const i of afterLast) {
    const range = chunkRange(chunks, i, i);
    const where = rangeWhere(range);
    const [row] = await session.rows(`SELECT CAST(CAST(MAX(${quoteIdent(chunks.column)}) AS DECIMAL(21, 0)) + 1 AS CHAR) k FROM ${qualified(table.database, table.name)}${where.sql}`, where.values);
    if (row?.['k'] != null) added.push(...[checkedKey(row['k'])].filter(inside(range)));
  }
  const all = [...new Set([...chunks.boundaries, ...added])].sort((a, b) => { const d = BigInt(a) - BigInt(b); return d < 0n ? -1 : d > 0n ? 1 : 0; });
  const position = new Map(all.map((k, i) => [k, i]));
  const n = chunks.boundaries.length;
  const next: BoundaryChunks = { column: chunks.column, boundaries: all };
  return {
    chunks: next,
    moved: (old) => [
      old <= 0 ? 0 : (position.get(chunks.boundaries[old - 1] as string) as number) + 1,
      old >= n ? all.length : (position.get(chunks.boundaries[old] as string) as number),
    ],
  };
}

/** Number of chunks: one more than the boundaries (chunk 0, below the first one, is usually empty). */
export const chunkCount = (chunks: BoundaryChunks): number => chunks.boundaries.length + 1;

/** The key range of chunks `first` to `last` (inclusive); open-ended at the ends. */
export function chunkRange(chunks: BoundaryChunks, first: number, last: number): KeyRange {
  const n = chunks.boundaries.length;
  return {
    column: chunks.column,
    from: first <= 0 ? null : (chunks.boundaries[first - 1] ?? null),
    to: last >= n ? null : (chunks.boundaries[last] ?? null),
  };
}

/**
 * Row count and checksum (the `rowHashSql` formula) of each non-empty chunk
 * from `first` to `last` (inclusive), in one scan of that key range only.
 * Chunks absent from the result are empty.
 */
export async function boundaryChunkChecksums(
  session: Session, table: TableInfo, chunks: BoundaryChunks, first = 0, last = chunkCount(chunks) - 1,
): Promise<Map<number, RowsChecksum>> {
  for (const b of chunks.boundaries) if (!INTEGER.test(b)) throw new Error(`not an integer key: ${b.slice(0, 40)}`);
  const col = quoteIdent(chunks.column);
  const range = chunkRange(chunks, first, last);
  // Inside [b[first-1], b[last]) only the boundaries b[first]..b[last-1] separate chunks.
  const inner = chunks.boundaries.slice(Math.max(0, first), Math.max(0, Math.min(last, chunks.boundaries.length)));
  const index = inner.length === 0 ? '0' : `INTERVAL(${col}, ${inner.join(', ')})`;
  const where = [range.from !== null ? `${col} >= ${range.from}` : '', range.to !== null ? `${col} < ${range.to}` : ''].filter(Boolean);
  const rows = await session.rows(`SELECT ${index} c, COUNT(*) n, SUM(${rowHashSql(table.columns)}) s FROM ${qualified(table.database, table.name)}`
    + `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} GROUP BY c`);
  return new Map(rows.map((r) => [Math.max(0, first) + Number(cellText(r['c'])), rowsChecksumOf(r)]));
}

/**
 * How a table's verification was obtained:
 * - `both-sides`: both servers were read (counts and checksums of both copies);
 * - `source-and-kept-target`: the source was read while frozen; the target's
 *   side comes from its chunk checksums measured by the last online pass of
 *   the same run (after its reloads), re-measured for every range reloaded
 *   since. Exact because nothing but this run writes to the target copy.
 */
export type VerificationMethod = 'both-sides' | 'source-and-kept-target';

/** A verification entry that says how it was obtained. */
export type MethodVerificationEntry = VerificationEntry & { readonly method: VerificationMethod };
