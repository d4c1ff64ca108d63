import { keyBounds } from '../copier/ranges.ts';
import type { KeyRange } from '../copier/table-copy.ts';
import { chunkChecksums } from '../verify/checksum.ts';
import type { VerificationEntry } from '../verify/types.ts';
import { verificationEntry, type SidesChecksum } from '../verify/verify-tables.ts';
import { equalPart } from './chunk-math.ts';
import { narrow } from './narrow.ts';
import type { TableSync } from './reload.ts';

/** Consecutive chunk indexes merged into key ranges (from inclusive, to exclusive). */
function mergeChunks(column: string, indexes: readonly number[], min: bigint, size: bigint): KeyRange[] {
  const sorted = [...indexes].sort((a, b) => a - b);
  const ranges: KeyRange[] = [];
  let start: number | undefined;
  let prev = 0;
  const push = (from: number, to: number) => ranges.push({ column, from: (min + BigInt(from) * size).toString(), to: (min + BigInt(to + 1) * size).toString() });
  for (const i of sorted) {
    if (start === undefined) start = i;
    else if (i !== prev + 1) { push(start, prev); start = i; }
    prev = i;
  }
  if (start !== undefined) push(start, prev);
  return ranges;
}

const inRange = (value: bigint, range: KeyRange): boolean =>
  (range.from === null || value >= BigInt(range.from)) && (range.to === null || value < BigInt(range.to));

/** Chunks of a fixed key span: min..max of both sides cut into spans of rowsPerChunk keys on average. */
export async function syncFixedChunks(sync: TableSync, column: string): Promise<VerificationEntry> {
  const { pair, table, rowsPerChunk } = sync;
  const [sb, tb] = await Promise.all([keyBounds(pair.source, table, column), keyBounds(pair.target, table, column)]);
  if (!sb && !tb) return verificationEntry(table, [{ source: { rows: 0, checksum: '0' }, target: { rows: 0, checksum: '0' } }]);
  const min = [sb?.min, tb?.min].filter((v): v is bigint => v !== undefined).reduce((a, b) => (a < b ? a : b));
  const max = [sb?.max, tb?.max].filter((v): v is bigint => v !== undefined).reduce((a, b) => (a > b ? a : b));
  const chunks = BigInt(Math.max(1, Math.ceil(Math.max(table.rowsEstimate, 1) / rowsPerChunk)));
  const span = max - min + 1n;
  const size = span / chunks + (span % chunks === 0n ? 0n : 1n);
  const key = { column, min, chunkSize: size > 0n ? size : 1n };
  const [sc, tc] = await Promise.all([chunkChecksums(pair.source, table, key), chunkChecksums(pair.target, table, key)]);
  const bySource = new Map(sc.map((c) => [c.chunk, c]));
  const byTarget = new Map(tc.map((c) => [c.chunk, c]));
  const differing = [...new Set([...bySource.keys(), ...byTarget.keys()])].filter((i) => {
    const s = bySource.get(i);
    const t = byTarget.get(i);
    return !s || !t || s.rows !== t.rows || s.checksum !== t.checksum;
  });
  const parts: SidesChecksum[] = [equalPart(bySource, byTarget)];
  const rowsIn = (i: number) => Math.max(bySource.get(i)?.rows ?? 0, byTarget.get(i)?.rows ?? 0);
  for (const range of mergeChunks(column, differing, key.min, key.chunkSize)) {
    const rows = differing.filter((i) => inRange(key.min + BigInt(i) * key.chunkSize, range)).reduce((n, i) => n + rowsIn(i), 0);
    parts.push(...(rows > 4 * rowsPerChunk ? await narrow(sync, range) : [await sync.reload(range)]));
  }
  return verificationEntry(table, parts);
}
