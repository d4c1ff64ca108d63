import type { VerificationEntry } from '../verify/types.ts';
import { checksumBothSides, verificationEntry, type SidesChecksum } from '../verify/verify-tables.ts';
import type { TableInfo } from './catalog.ts';
import { forEachLimit, type Session } from './connections.ts';
import type { CopyJournal } from './failures.ts';
import { planRanges } from './ranges.ts';
import { copyTableRange, rangeWhere, type KeyRange } from './table-copy.ts';
import { qualified } from './quote.ts';
import { rowHashIsExact, tableChecksum } from '../verify/checksum.ts';
import { StreamChecksum, canStreamChecksum } from '../verify/stream-checksum.ts';
import { canChecksumTable, checksumTable, countAndChecksumTable } from '../verify/checksum-table.ts';
import type { RowsChecksum } from '../verify/types.ts';

/** A source snapshot session and the target session it feeds; one table or range at a time. */
export interface WorkerPair {
  readonly source: Session;
  readonly target: Session;
}

/** One unit of parallel work: a table, or a key range of one. */
export interface TableTask {
  readonly table: TableInfo;
  readonly range: KeyRange | null;
  /** Estimated bytes, to start the largest first. */
  readonly bytes: number;
}

/** Source checksums computed while streaming, per task (see verify/stream-checksum.ts). */
export type StreamedChecksums = Map<TableTask, RowsChecksum>;

/**
 * Ranges verified as soon as they were loaded: the source side summed while
 * streaming, the target side read right after the load by the same worker
 * (its pages still hot, overlapping the other loads). An Error when the
 * target checksum query failed.
 */
export type EarlyVerifications = Map<TableTask, SidesChecksum | Error>;

/**
 * Tables verified whole with CHECKSUM TABLE on both servers right after
 * their last load (see verify/checksum-table.ts); an Error when a query failed.
 */
export type TableChecksums = Map<TableInfo, SidesChecksum | Error>;

/** What was copied of one table, summed over its ranges. */
export interface TableCopyOutcome {
  readonly table: TableInfo;
  rows: number;
  bytes: number;
  readonly zeroDates: Map<string, number>;
  failed: boolean;
}

/** Default size of a range when a big table is split for parallel copy. */
export const DEFAULT_CHUNK_BYTES = 32 * 1024 * 1024;

/** Splits big tables into key ranges (bounds from the snapshot of `session`), largest tasks first. */
export async function planTasks(session: Session, tables: readonly TableInfo[], chunkBytes = DEFAULT_CHUNK_BYTES): Promise<TableTask[]> {
  const tasks: TableTask[] = [];
  for (const table of tables) {
    const ranges = await planRanges(session, table, chunkBytes);
    if (!ranges) tasks.push({ table, range: null, bytes: table.dataBytes });
    else for (const range of ranges) tasks.push({ table, range, bytes: table.dataBytes / ranges.length });
  }
  return tasks.sort((a, b) => b.bytes - a.bytes);
}

const describeTask = (task: TableTask): string => {
  const where = rangeWhere(task.range);
  return `LOAD DATA into ${qualified(task.table.database, task.table.name)}${where.sql ? ` for${where.sql} [${where.values.join(', ')}]` : ''}`;
};

/** Optional parts of a copy. */
export interface CopyTablesOptions {
  /** Sees every chunk sent, for progress. */
  readonly onChunk?: (table: TableInfo, rows: number, bytes: number) => void;
  readonly signal?: AbortSignal;
  /** Filled with the source checksum of each streamable task, summed while copying. */
  readonly streamed?: StreamedChecksums;
  /** With `streamed`: filled with both sides of each such task, the target read right after its load. */
  readonly verified?: EarlyVerifications;
  /** Called by the worker that finished a table's last task, on its target session (to build deferred keys). */
  readonly onTableLoaded?: (table: TableInfo, target: Session) => Promise<void>;
  /**
   * Filled with the CHECKSUM TABLE of both sides of each table that allows
   * it, after its last load (and onTableLoaded); such tables are not
   * checksummed while streaming.
   */
  readonly tableChecksums?: TableChecksums;
}

/**
 * The order tasks are handed out in: the largest first, but a worker takes
 * a task of a table nobody is loading when there is one. Parallel loads into
 * one B-tree contend for its latches (one measurement at 1 GB: 51 target CPU
 * seconds with the 4 workers on one table at a time, 45 spread over three).
 */
export class TaskScheduler {
  private readonly pending: TableTask[];
  private readonly loading = new Map<TableInfo, number>();
  private readonly left = new Map<TableInfo, number>();

  constructor(tasks: readonly TableTask[]) {
    this.pending = [...tasks];
    for (const { table } of tasks) this.left.set(table, (this.left.get(table) ?? 0) + 1);
  }

  /** The next task to start, or undefined when none is left. */
  take(): TableTask | undefined {
    let best = -1;
    let bestLoading = Infinity;
    for (let i = 0; i < this.pending.length && bestLoading > 0; i++) {
      const n = this.loading.get((this.pending[i] as TableTask).table) ?? 0;
      if (n < bestLoading) { best = i; bestLoading = n; }
    }
    if (best < 0) return undefined;
    const [task] = this.pending.splice(best, 1) as [TableTask];
    this.loading.set(task.table, bestLoading + 1);
    return task;
  }

  /** Marks a task finished; true when it was its table's last one. */
  finish(task: TableTask): boolean {
    this.loading.set(task.table, (this.loading.get(task.table) ?? 1) - 1);
    const left = (this.left.get(task.table) ?? 1) - 1;
    this.left.set(task.table, left);
    return left === 0;
  }
}

/**
 * Copies tasks over the worker pairs, each worker taking the next task when
 * done (see TaskScheduler). A failing task is recorded and the others go on;
 * an abort rejects.
 */
export async function copyTables(
  workers: readonly WorkerPair[], tasks: readonly TableTask[], journal: CopyJournal, options: CopyTablesOptions = {},
): Promise<TableCopyOutcome[]> {
  const { onChunk, signal, streamed, verified, onTableLoaded, tableChecksums } = options;
  const outcomes = new Map<TableInfo, TableCopyOutcome>();
  for (const { table } of tasks) {
    if (!outcomes.has(table)) outcomes.set(table, { table, rows: 0, bytes: 0, zeroDates: new Map(), failed: false });
  }
  const scheduler = new TaskScheduler(tasks);
  await forEachLimit(workers, workers.length, async (worker) => {
    for (let task = scheduler.take(); task; task = scheduler.take()) {
      signal?.throwIfAborted();
      const outcome = outcomes.get(task.table) as TableCopyOutcome;
      const { table } = task;
      try {
        const wholeTable = tableChecksums !== undefined && canChecksumTable(table);
        const checksum = streamed && !wholeTable && canStreamChecksum(table) ? new StreamChecksum(table) : undefined;
        const result = await copyTableRange(worker.source, worker.target, table, task.range, (rows, bytes) => onChunk?.(table, rows, bytes), checksum);
        if (checksum) {
          const source = checksum.result();
          streamed?.set(task, source);
          if (verified) {
            // Key ranges are disjoint: later loads of the table cannot change this range's rows.
            verified.set(task, await tableChecksum(worker.target, table, task.range)
              .then((target) => ({ source, target }), (error: unknown) => {
                signal?.throwIfAborted();
                return error instanceof Error ? error : new Error(String(error));
              }));
          }
        }
        outcome.rows += result.rows;
        outcome.bytes += result.bytes;
        for (const [column, n] of result.zeroDates) outcome.zeroDates.set(column, (outcome.zeroDates.get(column) ?? 0) + n);
        for (const w of result.warnings) journal.warn(`${table.database}.${table.name}: load warning ${w}`);
      } catch (error) {
        signal?.throwIfAborted();
        outcome.failed = true;
        journal.fail({ database: table.database, object: table.name, kind: 'data', statement: describeTask(task) }, error);
      }
      if (scheduler.finish(task)) {
        await onTableLoaded?.(table, worker.target);
        if (tableChecksums && canChecksumTable(table) && !outcome.failed) {
          tableChecksums.set(table, await checksumWholeTable(worker, table, outcome.rows, signal));
        }
      }
    }
  });
  return [...outcomes.values()];
}

/** Both sides' CHECKSUM TABLE; the source's row count is the number of rows the copy read from the snapshot. */
async function checksumWholeTable(worker: WorkerPair, table: TableInfo, sourceRows: number, signal?: AbortSignal): Promise<SidesChecksum | Error> {
  try {
    const [source, target] = await Promise.all([checksumTable(worker.source, table), countAndChecksumTable(worker.target, table)]);
    return { source: { rows: sourceRows, checksum: source }, target };
  } catch (error) {
    signal?.throwIfAborted();
    return error instanceof Error ? error : new Error(String(error));
  }
}

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
