import type { ColumnInfo, TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import { qualified, quoteIdent } from '../copier/quote.ts';
import { rangeWhere, type KeyRange } from '../copier/table-copy.ts';
import type { ChunkChecksum, RowsChecksum } from './types.ts';

/**
 * Per-row hash in the pt-table-checksum style, portable across versions and
 * row formats (unlike CHECKSUM TABLE): CRC32 of every column as bytes, with
 * a NULL marker so NULL and '' differ. Summed, not XORed, so duplicated
 * rows do not cancel out.
 */
export function rowHashSql(columns: readonly ColumnInfo[]): string {
  const values = columns.map((c) => `CAST(${quoteIdent(c.name)} AS BINARY)`);
  const nullable = columns.filter((c) => c.nullable).map((c) => `ISNULL(${quoteIdent(c.name)})`);
  if (nullable.length) values.push(`CONCAT(${nullable.join(', ')})`);
  return `CRC32(CONCAT_WS('#', ${values.join(', ')}))`;
}

/**
 * A result cell as text, null for SQL NULL. Counts, sums and keys arrive as
 * numbers, strings, or Buffers (expressions over binary casts); their bytes
 * are ASCII digits, so latin1 reads them exactly. Anything else is a bug.
 */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  throw new TypeError(`unexpected ${typeof value} in a checksum or key cell`);
}

/** The `n` (COUNT) and `s` (SUM of row hashes) cells of a row; a NULL sum (no rows) is 0, as when sums are added. */
export function rowsChecksumOf(row: Readonly<Record<string, unknown>> | undefined): RowsChecksum {
  return { rows: Number(cellText(row?.['n']) ?? 0), checksum: cellText(row?.['s']) ?? '0' };
}

function toChecksum(row: Record<string, unknown> | undefined, withChecksum: boolean): RowsChecksum {
  const sums = rowsChecksumOf(row);
  return withChecksum ? sums : { rows: sums.rows, checksum: null };
}

/**
 * Row count and (unless `countsOnly`) checksum of a table or range, in the
 * session's current transaction: on the source, call it in the snapshot.
 */
export async function tableChecksum(
  session: Session, table: TableInfo, range: KeyRange | null = null, countsOnly = false,
): Promise<RowsChecksum> {
  const where = rangeWhere(range);
  const sum = countsOnly || table.columns.length === 0 ? '' : `, SUM(${rowHashSql(table.columns)}) s`;
  const rows = await session.rows(`SELECT COUNT(*) n${sum} FROM ${qualified(table.database, table.name)}${where.sql}`, where.values);
  return toChecksum(rows[0], sum !== '');
}

/**
 * Checksums per chunk of `chunkSize` key values starting at `min`, in one
 * scan: a later step compares them with another side (or a later state of
 * the same side) to find the ranges that changed. Empty chunks are absent.
 */
export async function chunkChecksums(
  session: Session, table: TableInfo, key: { column: string; min: bigint; chunkSize: bigint },
): Promise<ChunkChecksum[]> {
  if (key.chunkSize <= 0n) throw new RangeError('chunkSize must be positive');
  const col = quoteIdent(key.column);
  const chunk = `FLOOR((${col} - ${key.min.toString()}) / ${key.chunkSize.toString()})`;
  const rows = await session.rows(`SELECT ${chunk} c, COUNT(*) n, SUM(${rowHashSql(table.columns)}) s`
    + ` FROM ${qualified(table.database, table.name)} GROUP BY c ORDER BY c`);
  return rows.map((row) => {
    const index = Number(cellText(row['c']));
    const from = key.min + BigInt(index) * key.chunkSize;
    return { ...toChecksum(row, true), chunk: index, from: from.toString(), to: (from + key.chunkSize).toString() };
  });
}
