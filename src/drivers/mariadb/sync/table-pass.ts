import type { TableInfo } from '../copier/catalog.ts';
import { forEachLimit } from '../copier/connections.ts';
import type { CopyJournal } from '../copier/failures.ts';
import { qualified } from '../copier/quote.ts';
import { rangeKeyOf } from '../copier/ranges.ts';
import type { MethodVerificationEntry } from '../verify/chunk-boundaries.ts';
import type { VerificationEntry } from '../verify/types.ts';
import { checksumBothSides, verificationEntry } from '../verify/verify-tables.ts';
import { shapeOf, type CatalogDiff } from './catalog-diff.ts';
import { diffBothSides } from './chunk-diff.ts';
import type { ChunkSums } from './chunk-math.ts';
import { keepAfterReloads, syncKept } from './kept-checksums.ts';
import { tableSync, type Counters, type Pair, type TableSync } from './reload.ts';
import type { KeptTable, TargetChecksums } from './target-checksums.ts';

/** Everything the data part of a pass decided before syncing its tables. */
export interface TablePass {
  readonly diff: CatalogDiff;
  readonly kept: TargetChecksums | undefined;
  /** Tables whose kept target checksums apply, and their source side read beforehand. */
  readonly entries: ReadonlyMap<TableInfo, KeptTable>;
  readonly sourceSums: ReadonlyMap<TableInfo, ChunkSums>;
  /** Online: the kept checksums are filled and updated for the next pass; frozen: only used. */
  readonly refresh: boolean;
  readonly rowsPerChunk: number;
  readonly counters: Counters;
  readonly journal: CopyJournal;
  readonly signal?: AbortSignal | undefined;
  readonly onTable?: ((table: string, done: number, total: number) => void) | undefined;
}

/** A table without a usable key (or just recreated, `reloaded`): compared whole, reloaded whole when it differs. */
async function syncWhole(sync: TableSync, reloaded: boolean): Promise<VerificationEntry> {
  const { pair, table } = sync;
  const sides = reloaded ? await sync.reload(null) : await checksumBothSides(pair.source, pair.target, table, null, 'checksums');
  const same = sides.source.rows === sides.target.rows && sides.source.checksum === sides.target.checksum;
  return verificationEntry(table, [same ? sides : await sync.reload(null)]);
}

/**
 * One table: compared with its kept target checksums when they apply, else
 * on both sides, whole (no integer key) or by chunks cut from its keys (the
 * same chunks whether or not they are kept afterwards); failures journaled.
 */
async function syncOne(pass: TablePass, pair: Pair, table: TableInfo): Promise<MethodVerificationEntry | null> {
  const sync = tableSync(pair, table, pass.rowsPerChunk, pass.counters, pass.journal);
  const entry = pass.entries.get(table);
  const column = rangeKeyOf(table);
  const whole = pass.diff.whole.has(table);
  const keep = pass.refresh && !whole && !pass.diff.unkept.has(table.database) ? pass.kept : undefined;
  try {
    if (entry && pass.kept) return { ...await syncKept(sync, pass.kept, entry, pass.sourceSums.get(table), pass.refresh), method: 'source-and-kept-target' };
    if (whole || column === null) {
      const v = await syncWhole(sync, whole);
      if (v.ok && keep) keep.set(table.database, table.name, { kind: 'whole', shape: shapeOf(table), sum: { rows: v.targetRows, checksum: v.targetChecksum } });
      return { ...v, method: 'both-sides' };
    }
    const measured = await diffBothSides(sync, column, pass.signal);
    const v = verificationEntry(table, measured.parts);
    if (v.ok && keep) await keepAfterReloads(keep, pair.target, table, measured.chunks, new Map(measured.target), measured.runs, pass.rowsPerChunk);
    return { ...v, method: 'both-sides' };
  } catch (error) {
    pass.journal.fail({ database: table.database, object: table.name, kind: 'data', statement: `sync of ${qualified(table.database, table.name)}` }, error);
    return null;
  }
}

/**
 * Syncs every data table, largest first, one table at a time per pair of
 * sessions; returns their verification. A table whose sync failed or whose
 * verification differs is forgotten from the kept checksums.
 */
export async function syncTables(pairs: readonly Pair[], pass: TablePass): Promise<MethodVerificationEntry[]> {
  const { dataTables } = pass.diff;
  const queue = [...dataTables].sort((a, b) => b.dataBytes - a.dataBytes);
  const verification: MethodVerificationEntry[] = [];
  let done = 0;
  await forEachLimit(pairs, pairs.length, async (pair) => {
    for (let table = queue.shift(); table; table = queue.shift()) {
      pass.signal?.throwIfAborted();
      const entry = await syncOne(pass, pair, table);
      if (!entry?.ok) pass.kept?.forget(table.database, table.name);
      if (entry) {
        verification.push(entry);
        if (!entry.ok) {
          pass.journal.fail({ database: table.database, object: table.name, kind: 'verify', statement: `checksum of ${qualified(table.database, table.name)}` },
            new Error(`target differs from source after the delta copy: ${entry.targetRows} rows vs ${entry.sourceRows}`));
        }
      }
      pass.onTable?.(`${table.database}.${table.name}`, ++done, dataTables.length);
    }
  });
  return verification.sort((a, b) => `${a.database}.${a.table}`.localeCompare(`${b.database}.${b.table}`));
}
