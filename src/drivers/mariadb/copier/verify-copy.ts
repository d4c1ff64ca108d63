import type { VerificationEntry } from '../verify/types.ts';
import { checksumBothSides, verificationEntry, type SidesChecksum } from '../verify/verify-tables.ts';
import { rowHashIsExact, tableChecksum } from '../verify/checksum.ts';
import type { TableInfo } from './catalog.ts';
import { forEachLimit } from './connections.ts';
import type { EarlyVerifications, StreamedChecksums, TableChecksums, WorkerPair } from './copy-tables.ts';
import type { CopyJournal } from './failures.ts';
import { qualified } from './quote.ts';
import type { TableTask } from './task-scheduler.ts';

function failMismatch(journal: CopyJournal, entry: VerificationEntry, why: string): void {
  journal.fail({ database: entry.database, object: entry.table, kind: 'verify', statement: `checksum of ${qualified(entry.database, entry.table)}` },
    new Error(`${why}: ${entry.targetRows} rows vs ${entry.sourceRows}, checksum ${entry.targetChecksum ?? '-'} vs ${entry.sourceChecksum ?? '-'}`));
}

/** Results gathered while copying, that spare verification a read. */
export interface VerifyTablesOptions {
  readonly signal?: AbortSignal;
  readonly streamed?: StreamedChecksums;
  readonly verified?: EarlyVerifications;
  readonly tableChecksums?: TableChecksums;
}

/**
 * Verifies tables over the worker pairs (source side in the snapshot) and
 * records a failure for each mismatch or checksum error. A table whose
 * CHECKSUM TABLE matched on both sides is done; the others are checked
 * range by range with the portable row checksums (source side summed while
 * streaming, or read again in the snapshot), added up per table. A
 * CHECKSUM TABLE that differs (two versions may store rows differently) is
 * settled by the row checksums only when they read every column exactly
 * (rowHashIsExact): a weaker verification never overrules a stronger one.
 * Each entry says how it was verified (`algorithm`).
 */
export async function verifyTables(
  workers: readonly WorkerPair[], tasks: readonly TableTask[], mode: 'checksums' | 'counts', journal: CopyJournal,
  options: VerifyTablesOptions = {},
): Promise<VerificationEntry[]> {
  const { signal, streamed, verified, tableChecksums } = options;
  const entries: VerificationEntry[] = [];
  const wholeOk = new Set<TableInfo>();
  // Tables whose CHECKSUM TABLE differed: the row hashes may settle it only when they read exact values.
  const settled = new Set<TableInfo>();
  if (mode === 'checksums') {
    for (const [table, sides] of tableChecksums ?? []) {
      if (sides instanceof Error || sides.source.checksum === null) continue;
      const entry = { ...verificationEntry(table, [sides]), algorithm: 'checksum-table' as const };
      if (entry.ok || !rowHashIsExact(table.columns)) {
        entries.push(entry);
        wholeOk.add(table);
        if (!entry.ok) failMismatch(journal, entry, 'CHECKSUM TABLE differs and the row hash cannot overrule it (a column type it does not read exactly)');
      } else settled.add(table);
    }
  }
  const parts = new Map<TableInfo, SidesChecksum[] | null>();
  for (const { table } of tasks) if (!wholeOk.has(table)) parts.set(table, []);
  const fail = (table: TableInfo, error: unknown): void => {
    parts.set(table, null);
    journal.fail({ database: table.database, object: table.name, kind: 'verify', statement: `checksum of ${qualified(table.database, table.name)}` }, error);
  };
  const queue: TableTask[] = [];
  for (const task of tasks) {
    if (wholeOk.has(task.table)) continue;
    const early = mode === 'checksums' ? verified?.get(task) : undefined;
    if (early === undefined) queue.push(task);
    else if (early instanceof Error) { if (parts.get(task.table)) fail(task.table, early); }
    else parts.get(task.table)?.push(early);
  }
  await forEachLimit(workers, workers.length, async (worker) => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      signal?.throwIfAborted();
      const list = parts.get(task.table);
      if (!list) continue;
      try {
        // The source side was summed while streaming the snapshot's rows: only the target is read again.
        const source = mode === 'checksums' ? streamed?.get(task) : undefined;
        list.push(source
          ? { source, target: await tableChecksum(worker.target, task.table, task.range) }
          : await checksumBothSides(worker.source, worker.target, task.table, task.range, mode));
      } catch (error) {
        signal?.throwIfAborted();
        fail(task.table, error);
      }
    }
  });
  for (const [table, list] of parts) {
    if (!list) continue;
    const algorithm = mode === 'counts' ? 'counts' as const : settled.has(table) ? 'row-crc32-over-checksum-table' as const : 'row-crc32' as const;
    const entry = { ...verificationEntry(table, list), algorithm };
    entries.push(entry);
    if (!entry.ok) failMismatch(journal, entry, 'target differs from source');
  }
  return entries.sort((a, b) => (a.database + a.table).localeCompare(b.database + b.table));
}
