import type { ColumnInfo, TableInfo } from '../copier/catalog.ts';
import { cellText, type Session } from '../copier/connections.ts';
import { qualified, quoteIdent } from '../copier/quote.ts';
import { rangeWhere, type KeyRange } from '../copier/table-copy.ts';
import { allVersions, historyHashExpressions } from '../copier/history.ts';
import type { ChunkChecksum, RowsChecksum } from './types.ts';
import { isSelfDelimited, lengthIsBytes } from './row-framing.ts';

/**
 * Types whose `CAST(col AS BINARY)` is an exact representation of the value:
 * two different values never print the same. Integers, DECIMAL, dates and
 * times print every digit (TIMESTAMP in the sessions' fixed +00:00 zone),
 * DOUBLE prints up to 17 significant digits (enough to round-trip), strings
 * and binaries give their bytes, BIT and geometry their stored bytes, INET4,
 * INET6 and UUID their 4 or 16 bytes, ENUM and SET their labels.
 */
const EXACT_AS_BYTES = new Set([
  'tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'double', 'real', 'year', 'bit',
  'date', 'datetime', 'timestamp', 'time',
  'char', 'varchar', 'binary', 'varbinary', 'tinytext', 'text', 'mediumtext', 'longtext',
  'tinyblob', 'blob', 'mediumblob', 'longblob', 'enum', 'set', 'json', 'inet4', 'inet6', 'uuid',
  'geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection',
]);

/**
 * The framed field a column contributes to its row's hash, NULL as `N`.
 * FLOAT prints with 6 significant digits (1.2345678 and 1.23457 print
 * alike): it is hashed as the DOUBLE it widens to exactly (`+ 0E0`), which
 * prints every bit.
 */
function hashedField(column: ColumnInfo): string {
  const name = quoteIdent(column.name);
  if (isSelfDelimited(column)) return `IFNULL(CONCAT(${column.dataType === 'float' ? `${name} + 0E0` : name}, ','), 'N')`;
  const length = lengthIsBytes(column) ? `LENGTH(${name})` : `LENGTH(CAST(${name} AS BINARY))`;
  return `IFNULL(CONCAT(${length}, ':', CAST(${name} AS BINARY)), 'N')`;
}

/** The `n` (COUNT) and `s` (SUM of row hashes) cells of a row; a NULL sum (no rows) is 0, as when sums are added. */
export function rowsChecksumOf(row: Readonly<Record<string, unknown>> | undefined): RowsChecksum {
  return { rows: Number(cellText(row?.['n']) ?? 0), checksum: cellText(row?.['s']) ?? '0' };
}

/**
 * True when rowHashSql reads every column of `columns` from an exact
 * representation, so equal hashes mean equal values (up to CRC32
 * collisions). A column of a type not known to print exactly (one a newer
 * server adds) makes it false: such a row formula may not overrule a
 * CHECKSUM TABLE mismatch.
 */
export function rowHashIsExact(columns: readonly ColumnInfo[]): boolean {
  return columns.every((c) => c.dataType === 'float' || EXACT_AS_BYTES.has(c.dataType));
}

/**
 * Per-row hash in the pt-table-checksum style, portable across versions and
 * row formats (unlike CHECKSUM TABLE): CRC32 of every column's exact bytes,
 * each field framed (see hashedField: `<text>,` for numbers, dates and
 * times, `<length>:<bytes>` for the rest, NULL as `N`), so no value can pass
 * for NULL and moving bytes from one column to the next changes the hash (a
 * bare separator between fields could be moved). Summed, not XORed, so
 * duplicated rows do not cancel out. StreamChecksum computes the same from
 * the copy stream. `extra` are more SQL expressions, length-framed (a
 * system-versioned table's period).
 */
export function rowHashSql(columns: readonly ColumnInfo[], extra: readonly string[] = []): string {
  const fields = [...columns.map(hashedField), ...extra.map((value) => `IFNULL(CONCAT(LENGTH(${value}), ':', ${value}), 'N')`)];
  return `CRC32(CONCAT(${fields.join(', ')}))`;
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
  // A system-versioned table is compared with its history: every row version, its period included.
  const sum = countsOnly || table.columns.length === 0 ? '' : `, SUM(${rowHashSql(table.columns, historyHashExpressions(table))}) s`;
  const rows = await session.rows(`SELECT COUNT(*) n${sum} FROM ${qualified(table.database, table.name)}${allVersions(table)}${where.sql}`, where.values);
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
