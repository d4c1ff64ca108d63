import type { TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import { qualified, quoteIdent } from '../copier/quote.ts';
import { rangeWhere, type KeyRange } from '../copier/table-copy.ts';
import { cellText } from '../copier/connections.ts';
import { rowHashSql, rowsChecksumOf } from '../verify/checksum.ts';
import type { RowsChecksum } from '../verify/types.ts';
import type { SidesChecksum } from '../verify/verify-tables.ts';
import { equalPart, subRange } from './chunk-math.ts';
import type { TableSync } from './reload.ts';

/** Parts a differing range is cut into at each level of narrowing. */
const PARTS = 64n;

/** Checksums of the parts of `size` keys of [from, to) on one side, in one scan of that range. */
async function partChecksums(session: Session, table: TableInfo, column: string, from: bigint, size: bigint, to: bigint): Promise<Map<number, RowsChecksum>> {
  const col = quoteIdent(column);
  const rows = await session.rows(`SELECT FLOOR((${col} - ${from.toString()}) / ${size.toString()}) c, COUNT(*) n, SUM(${rowHashSql(table.columns)}) s`
    + ` FROM ${qualified(table.database, table.name)} WHERE ${col} >= ${from.toString()} AND ${col} < ${to.toString()} GROUP BY c`);
  return new Map(rows.map((r) => [Number(cellText(r['c'])), rowsChecksumOf(r)]));
}

/**
 * A differing range holding many rows, cut into 64 parts compared again,
 * recursively, so only the parts that differ are reloaded: a few changed
 * rows in a big chunk cost a scan of it, not a reload of it.
 */
export async function narrow(sync: TableSync, range: KeyRange): Promise<SidesChecksum[]> {
  const from = BigInt(range.from ?? '0');
  const to = BigInt(range.to ?? '0');
  const size = (to - from + PARTS - 1n) / PARTS;
  if (range.from === null || range.to === null || size <= 1n) return [await sync.reload(range)];
  const [s, t] = await Promise.all([
    partChecksums(sync.pair.source, sync.table, range.column, from, size, to), partChecksums(sync.pair.target, sync.table, range.column, from, size, to),
  ]);
  const parts: SidesChecksum[] = [equalPart(s, t)];
  for (const i of [...new Set([...s.keys(), ...t.keys()])].sort((a, b) => a - b)) {
    const a = s.get(i);
    const b = t.get(i);
    if (a && b && a.rows === b.rows && a.checksum === b.checksum) continue;
    const sub = subRange(range.column, from, size, to, i);
    parts.push(...(Math.max(a?.rows ?? 0, b?.rows ?? 0) > 4 * sync.rowsPerChunk ? await narrow(sync, sub) : [await sync.reload(sub)]));
  }
  return parts;
}

/** Min and max key of a range on one side (two index dives), null when the range is empty there. */
async function rangeBounds(session: Session, table: TableInfo, range: KeyRange): Promise<{ min: bigint; max: bigint } | null> {
  const col = quoteIdent(range.column);
  const where = rangeWhere(range);
  const [row] = await session.rows(`SELECT CAST(MIN(${col}) AS CHAR) lo, CAST(MAX(${col}) AS CHAR) hi FROM ${qualified(table.database, table.name)}${where.sql}`, where.values);
  const lo = cellText(row?.['lo']);
  const hi = cellText(row?.['hi']);
  return lo === null || hi === null ? null : { min: BigInt(lo), max: BigInt(hi) };
}

/**
 * `narrow` over the keys either side actually holds in `range`: a chunk open
 * at one end (the last one, with appended rows far away) has no span to cut
 * until it is bounded by its real smallest and largest keys.
 */
export async function narrowWithinKeys(sync: TableSync, range: KeyRange): Promise<SidesChecksum[]> {
  const [a, b] = await Promise.all([rangeBounds(sync.pair.source, sync.table, range), rangeBounds(sync.pair.target, sync.table, range)]);
  const lo = [a?.min, b?.min].filter((v): v is bigint => v !== undefined);
  const hi = [a?.max, b?.max].filter((v): v is bigint => v !== undefined);
  if (lo.length === 0 || hi.length === 0) return [await sync.reload(range)];
  return narrow(sync, {
    column: range.column, from: lo.reduce((x, y) => (x < y ? x : y)).toString(), to: (hi.reduce((x, y) => (x > y ? x : y)) + 1n).toString(),
  });
}
