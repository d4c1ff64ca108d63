import type { TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import { boundaryChunkChecksums, chunkRange, keyBoundaries, type BoundaryChunks } from '../verify/chunk-boundaries.ts';
import type { RowsChecksum } from '../verify/types.ts';
import type { SidesChecksum } from '../verify/verify-tables.ts';
import { differingChunks, equalPart, rowsOfRun, runsOf, slicesOf, type ChunkSums } from './chunk-math.ts';
import { narrowWithinKeys } from './narrow.ts';
import type { TableSync } from './reload.ts';

/** A table's chunk diff: the parts of its verification, and the runs of chunks reloaded (their target sums are stale). */
export interface ChunkDiff {
  readonly parts: SidesChecksum[];
  readonly runs: [number, number][];
}

/** Chunk checksums of a whole table, slice after slice, in one session. */
export async function allChunkSums(session: Session, table: TableInfo, chunks: BoundaryChunks, signal?: AbortSignal): Promise<Map<number, RowsChecksum>> {
  const sums = new Map<number, RowsChecksum>();
  for (const [first, last] of slicesOf(chunks, 1024)) {
    signal?.throwIfAborted();
    for (const [i, sum] of await boundaryChunkChecksums(session, table, chunks, first, last)) sums.set(i, sum);
  }
  return sums;
}

/**
 * Compares a table's source chunk checksums with the target's (measured now,
 * or kept from this run's earlier pass) and reloads each differing run of
 * chunks, narrowed first when it holds many rows (a chunk that grew a lot
 * would otherwise be reloaded whole for a few new rows).
 */
export async function reloadDiffering(sync: TableSync, chunks: BoundaryChunks, source: ChunkSums, target: ChunkSums): Promise<ChunkDiff> {
  const parts: SidesChecksum[] = [equalPart(source, target)];
  const runs = runsOf(differingChunks(source, target));
  for (const run of runs) {
    const range = chunkRange(chunks, run[0], run[1]);
    parts.push(...(rowsOfRun(source, target, run) <= 4 * sync.rowsPerChunk ? [await sync.reload(range)] : await narrowWithinKeys(sync, range)));
  }
  return { parts, runs };
}

/** What `diffBothSides` measured, for keeping: the chunks and the target's sums before the reloads. */
export interface MeasuredChunks extends ChunkDiff {
  readonly chunks: BoundaryChunks;
  readonly target: ReadonlyMap<number, RowsChecksum>;
}

/**
 * The chunk diff of a table read on both servers: boundaries from the source
 * snapshot's keys (every `rowsPerChunk`-th one, so sparse keys still give
 * chunks of that many rows), both sides' checksums per chunk, differing runs
 * reloaded.
 */
export async function diffBothSides(sync: TableSync, column: string, signal?: AbortSignal): Promise<MeasuredChunks> {
  const { pair, table } = sync;
  const chunks: BoundaryChunks = { column, boundaries: await keyBoundaries(pair.source, table, column, sync.rowsPerChunk) };
  const [source, target] = await Promise.all([allChunkSums(pair.source, table, chunks, signal), allChunkSums(pair.target, table, chunks, signal)]);
  return { ...await reloadDiffering(sync, chunks, source, target), chunks, target };
}
