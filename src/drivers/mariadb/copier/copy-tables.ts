import type { SidesChecksum } from '../verify/verify-tables.ts';
import type { TableInfo } from './catalog.ts';
import { forEachLimit, type Session } from './connections.ts';
import type { CopyJournal } from './failures.ts';
import { TaskScheduler, type TableTask } from './task-scheduler.ts';
import { copyTableRange, rangeWhere } from './table-copy.ts';
import { qualified } from './quote.ts';
import { tableChecksum } from '../verify/checksum.ts';
import { StreamChecksum, canStreamChecksum } from '../verify/stream-checksum.ts';
import { canChecksumTable, checksumTable, countAndChecksumTable } from '../verify/checksum-table.ts';
import type { RowsChecksum } from '../verify/types.ts';

/** A source snapshot session and the target session it feeds; one table or range at a time. */
export interface WorkerPair {
  readonly source: Session;
  readonly target: Session;
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
