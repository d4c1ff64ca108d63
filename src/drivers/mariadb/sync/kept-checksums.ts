import type { TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import { rangeKeyOf } from '../copier/ranges.ts';
import { tableChecksum } from '../verify/checksum.ts';
import { boundaryChunkChecksums, splitChunks, type BoundaryChunks } from '../verify/chunk-boundaries.ts';
import type { RowsChecksum, VerificationEntry } from '../verify/types.ts';
import { verificationEntry } from '../verify/verify-tables.ts';
import { shapeOf, type CatalogDiff } from './catalog-diff.ts';
import { reloadDiffering } from './chunk-diff.ts';
import { slicesOf, type ChunkSums } from './chunk-math.ts';
import type { TableSync } from './reload.ts';
import type { KeptTable, TargetChecksums } from './target-checksums.ts';

/** What is kept of each table, when it still applies (same shape, same key, not recreated); the rest is forgotten. */
export function keptEntries(kept: TargetChecksums | undefined, diff: CatalogDiff): Map<TableInfo, KeptTable> {
  const entries = new Map<TableInfo, KeptTable>();
  for (const table of diff.dataTables) {
    const entry = kept?.get(table.database, table.name);
    if (!entry) continue;
    const column = rangeKeyOf(table);
    const fits = !diff.whole.has(table) && !diff.unkept.has(table.database) && entry.shape === shapeOf(table)
      && (entry.kind === 'chunks' ? entry.chunks.column === column : column === null);
    if (fits) entries.set(table, entry);
    else kept?.forget(table.database, table.name);
  }
  return entries;
}

/**
 * The source side of the kept tables' chunks, read before any table is
 * synced: slices of chunks, largest tables first, shared out over all the
 * snapshot sessions so both cores stay busy until the end of the scan.
 */
export async function readKeptSources(sessions: readonly Session[], entries: ReadonlyMap<TableInfo, KeptTable>, signal?: AbortSignal): Promise<Map<TableInfo, Map<number, RowsChecksum>>> {
  const sums = new Map<TableInfo, Map<number, RowsChecksum>>();
  const slices: { table: TableInfo; chunks: BoundaryChunks; first: number; last: number }[] = [];
  for (const [table, entry] of [...entries].sort((a, b) => b[0].dataBytes - a[0].dataBytes)) {
    if (entry.kind !== 'chunks') continue;
    sums.set(table, new Map());
    for (const [first, last] of slicesOf(entry.chunks)) slices.push({ table, chunks: entry.chunks, first, last });
  }
  await Promise.all(sessions.map(async (session) => {
    for (let slice = slices.shift(); slice; slice = slices.shift()) {
      signal?.throwIfAborted();
      const into = sums.get(slice.table) as Map<number, RowsChecksum>;
      for (const [i, sum] of await boundaryChunkChecksums(session, slice.table, slice.chunks, slice.first, slice.last)) into.set(i, sum);
    }
  }));
  return sums;
}

/**
 * A table whose target checksums this run kept: only the source is read
 * (its chunk checksums, `source`, read beforehand in the snapshot), compared
 * with the kept target checksums; differing runs are reloaded and verified on
 * both sides. With `refresh` (online), the kept checksums of the reloaded
 * runs are measured again for the next pass.
 */
export async function syncKept(sync: TableSync, kept: TargetChecksums, entry: KeptTable, source: ChunkSums | undefined, refresh: boolean): Promise<VerificationEntry> {
  const { pair, table } = sync;
  if (entry.kind === 'whole') {
    const s = await tableChecksum(pair.source, table, null);
    const same = s.rows === entry.sum.rows && s.checksum === entry.sum.checksum;
    const sides = same ? { source: s, target: entry.sum } : await sync.reload(null);
    const result = verificationEntry(table, [sides]);
    if (result.ok && refresh) kept.set(table.database, table.name, { ...entry, sum: sides.target });
    return result;
  }
  if (!source) throw new Error('source chunk checksums missing');
  const { parts, runs } = await reloadDiffering(sync, entry.chunks, source, entry.sums);
  const result = verificationEntry(table, parts);
  if (result.ok && refresh) await keepAfterReloads(kept, pair.target, table, entry.chunks, new Map(entry.sums), runs, sync.rowsPerChunk);
  return result;
}

/**
 * Measures the target again over the reloaded runs of chunks and keeps the
 * result. Chunks that grew past twice `rowsPerChunk` rows (rows appended
 * after the last key, say) are cut again, and the last chunk of each run is
 * cut after its largest key, so the next pass does not reload again all that
 * grew since the boundaries were taken, only what is new.
 */
export async function keepAfterReloads(
  kept: TargetChecksums, target: Session, table: TableInfo, chunks: BoundaryChunks, sums: Map<number, RowsChecksum>,
  runs: readonly [number, number][], rowsPerChunk: number,
): Promise<void> {
  for (const [first, last] of runs) {
    for (let i = first; i <= last; i++) sums.delete(i);
    for (const [i, sum] of await boundaryChunkChecksums(target, table, chunks, first, last)) sums.set(i, sum);
  }
  const big = runs.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, k) => first + k))
    .filter((i) => (sums.get(i)?.rows ?? 0) > 2 * rowsPerChunk);
  const tails = runs.map(([, last]) => last).filter((i) => !big.includes(i) && sums.has(i));
  if (big.length === 0 && tails.length === 0) {
    kept.set(table.database, table.name, { kind: 'chunks', shape: shapeOf(table), chunks, sums });
    return;
  }
  const split = await splitChunks(target, table, chunks, big, rowsPerChunk, tails);
  const cut = new Set([...big, ...tails]);
  const next = new Map<number, RowsChecksum>();
  for (const [i, sum] of sums) if (!cut.has(i)) next.set(split.moved(i)[0], sum);
  for (const i of cut) {
    const [first, last] = split.moved(i);
    for (const [j, sum] of await boundaryChunkChecksums(target, table, split.chunks, first, last)) next.set(j, sum);
  }
  kept.set(table.database, table.name, { kind: 'chunks', shape: shapeOf(table), chunks: split.chunks, sums: next });
}
