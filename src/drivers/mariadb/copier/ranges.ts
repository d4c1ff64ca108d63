import type { TableInfo } from './catalog.ts';
import { cellText, type Session } from './connections.ts';
import { qualified, quoteIdent } from './quote.ts';
import type { KeyRange } from './table-copy.ts';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);

/** The integer primary key column ranges can be cut on, or null (composite, non-integer or no key). */
export function rangeKeyOf(table: TableInfo): string | null {
  if (table.primaryKey.length !== 1) return null;
  const column = table.columns.find((c) => c.name === table.primaryKey[0]);
  return column && INTEGER_TYPES.has(column.dataType) ? column.name : null;
}

/** Min and max of the range key, read in the caller's session (its snapshot); null for an empty table. */
export async function keyBounds(session: Session, table: TableInfo, column: string): Promise<{ min: bigint; max: bigint } | null> {
  const [row] = await session.rows(`SELECT CAST(MIN(${quoteIdent(column)}) AS CHAR) lo, CAST(MAX(${quoteIdent(column)}) AS CHAR) hi`
    + ` FROM ${qualified(table.database, table.name)}`);
  const lo = cellText(row?.['lo']);
  const hi = cellText(row?.['hi']);
  if (lo === null || hi === null) return null;
  return { min: BigInt(lo), max: BigInt(hi) };
}

/**
 * Cuts [min, max] into `count` contiguous ranges. The first and last are
 * open-ended, so together they always cover the whole table.
 */
export function cutRanges(column: string, min: bigint, max: bigint, count: number): KeyRange[] {
  const n = BigInt(Math.max(1, count));
  const span = max - min + 1n;
  const step = span / n + (span % n === 0n ? 0n : 1n);
  const ranges: KeyRange[] = [];
  for (let i = 0n; i < n; i++) {
    const from = min + i * step;
    if (from > max) break;
    const to = from + step;
    ranges.push({ column, from: i === 0n ? null : from.toString(), to: to > max ? null : to.toString() });
  }
  return ranges;
}

/**
 * Ranges for copying a table in parallel: about one per `chunkBytes` of
 * estimated size (at most 64), or null when the table is copied whole
 * (small, or no integer key). Bounds come from the caller's snapshot session.
 */
export async function planRanges(session: Session, table: TableInfo, chunkBytes: number): Promise<KeyRange[] | null> {
  const count = Math.min(64, Math.ceil(table.dataBytes / chunkBytes));
  const column = rangeKeyOf(table);
  if (count < 2 || column === null) return null;
  const bounds = await keyBounds(session, table, column);
  if (!bounds) return null;
  return cutRanges(column, bounds.min, bounds.max, count);
}
