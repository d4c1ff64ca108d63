import type { KeyRange } from '../copier/table-copy.ts';
import { chunkCount, type BoundaryChunks } from '../verify/chunk-boundaries.ts';
import type { RowsChecksum } from '../verify/types.ts';

/** Checksums of one chunk per index, as read on one side; an absent index is an empty chunk. */
export type ChunkSums = ReadonlyMap<number, RowsChecksum>;

/** Several chunks as one: sums of CRC32 add up (a chunk read without checksum counts as 0). */
export function sumOf(chunks: readonly RowsChecksum[]): RowsChecksum {
  return {
    rows: chunks.reduce((n, c) => n + c.rows, 0),
    checksum: chunks.reduce((s, c) => s + BigInt(c.checksum ?? '0'), 0n).toString(),
  };
}

const same = (a: RowsChecksum | undefined, b: RowsChecksum | undefined): boolean =>
  a !== undefined && b !== undefined && a.rows === b.rows && a.checksum === b.checksum;

/** Indexes of the chunks to reload: those only one side holds, or whose count or checksum differ; increasing. */
export function differingChunks(source: ChunkSums, target: ChunkSums): number[] {
  return [...new Set([...source.keys(), ...target.keys()])].filter((i) => !same(source.get(i), target.get(i))).sort((a, b) => a - b);
}

/** The chunks both sides hold alike, summed per side: the part of a table's verification that needs no reload. */
export function equalPart(source: ChunkSums, target: ChunkSums): { source: RowsChecksum; target: RowsChecksum } {
  const equal = [...source.keys()].filter((i) => same(source.get(i), target.get(i)));
  return { source: sumOf(equal.map((i) => source.get(i) as RowsChecksum)), target: sumOf(equal.map((i) => target.get(i) as RowsChecksum)) };
}

/** Consecutive indexes grouped into runs [first, last] (inclusive), so one reload covers each run. */
export function runsOf(indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && i === last[1] + 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/** Rows a run holds on the fuller side of each chunk: at most what reloading it moves. */
export function rowsOfRun(source: ChunkSums, target: ChunkSums, [first, last]: readonly [number, number]): number {
  let rows = 0;
  for (let i = first; i <= last; i++) rows += Math.max(source.get(i)?.rows ?? 0, target.get(i)?.rows ?? 0);
  return rows;
}

/** Chunks per query when reading chunk checksums: bounds the statement's size and lets a table's scan be shared out. */
export const CHUNKS_PER_SLICE = 64;

/** [first, last] chunk index slices covering all chunks, in order. */
export function slicesOf(chunks: BoundaryChunks, perSlice = CHUNKS_PER_SLICE): [number, number][] {
  const n = chunkCount(chunks);
  const slices: [number, number][] = [];
  for (let first = 0; first < n; first += perSlice) slices.push([first, Math.min(n, first + perSlice) - 1]);
  return slices;
}

/** Part `i` of [from, to) cut into parts of `size` keys; the last part stops at `to`. */
export function subRange(column: string, from: bigint, size: bigint, to: bigint, i: number): KeyRange {
  const end = from + BigInt(i + 1) * size;
  return { column, from: (from + BigInt(i) * size).toString(), to: (end < to ? end : to).toString() };
}
