import { PassThrough } from 'node:stream';
import type { ColumnInfo, TableInfo } from './catalog.ts';
import type { Session } from './connections.ts';
import { qualified, quoteIdent } from './quote.ts';
import { FieldKind, RowEncoder } from './row-encoder.ts';
import { queryRawRows } from './raw-rows.ts';
import { allVersions, historyLoadColumns, historyReadExpressions } from './history.ts';
import type { StreamChecksum } from '../verify/stream-checksum.ts';

/**
 * A slice of a table by its single-column primary key: `from` inclusive,
 * `to` exclusive, null meaning unbounded. Values are SQL-escaped by mysql2.
 */
export interface KeyRange {
  readonly column: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** What one table (or range) copy moved; `zeroDates` counts zero dates per column name. */
export interface RangeCopyResult {
  readonly rows: number;
  readonly bytes: number;
  readonly zeroDates: ReadonlyMap<string, number>;
  /** Server warnings of the load (truncations...), redacted by the caller's journal. */
  readonly warnings: string[];
}

const PLAIN_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric',
  'float', 'double', 'real', 'year', 'time']);
const DATE_TYPES = new Set(['date', 'datetime', 'timestamp']);
const BINARY_INPUT_TYPES = new Set(['inet4', 'inet6', 'uuid']);

/** The columns that are loaded: generated columns are computed by the target. */
export function loadedColumns(table: TableInfo): ColumnInfo[] {
  return table.columns.filter((c) => !c.generated);
}

/** `WHERE` clause and values selecting `range` (empty for a whole table). */
export function rangeWhere(range: KeyRange | null): { sql: string; values: string[] } {
  const parts: string[] = [];
  const values: string[] = [];
  if (range?.from != null) { parts.push(`${quoteIdent(range.column)} >= ?`); values.push(range.from); }
  if (range?.to != null) { parts.push(`${quoteIdent(range.column)} < ?`); values.push(range.to); }
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', values };
}

/**
 * How a column is read so that LOAD DATA ... CHARACTER SET binary stores
 * back the same value. FLOAT is printed by the text protocol with 6
 * significant digits (16777217 arrives as 16777200): read as the DOUBLE it
 * widens to exactly, printed with up to 17 digits, which parses back into
 * the same FLOAT. INET4, INET6 and UUID take binary input under
 * CHARACTER SET binary, so their text form is refused (warning 1292):
 * read their bytes (the same on 10.11 and 11.8). Everything else, BIT and
 * geometry included, travels as the raw bytes the server sends.
 */
export function readExpression(column: ColumnInfo): string {
  const name = quoteIdent(column.name);
  if (column.dataType === 'float') return `${name} + 0E0`;
  if (BINARY_INPUT_TYPES.has(column.dataType)) return `CAST(${name} AS BINARY)`;
  return name;
}

/**
 * SELECT reading the loaded columns in the text protocol (see
 * readExpression). (No `SET col = f(@var)` clause on the load side: with
 * one, MariaDB ignores NO_AUTO_VALUE_ON_ZERO and renumbers an explicit 0 id.)
 */
export function selectSql(table: TableInfo, range: KeyRange | null): { sql: string; values: string[] } {
  const where = rangeWhere(range);
  const columns = [...loadedColumns(table).map(readExpression), ...historyReadExpressions(table)].join(', ');
  return { sql: `SELECT ${columns} FROM ${qualified(table.database, table.name)}${allVersions(table)}${where.sql}`, values: where.values };
}

/** LOAD DATA statement matching RowEncoder's format. */
export function loadSql(table: TableInfo): string {
  const columns = [...loadedColumns(table).map((c) => quoteIdent(c.name)), ...historyLoadColumns(table)].join(', ');
  return `LOAD DATA LOCAL INFILE 'copier-stream' INTO TABLE ${qualified(table.database, table.name)} CHARACTER SET binary`
    + ` FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns})`;
}

/** Field kinds of the loaded columns, in order. */
export function fieldKinds(table: TableInfo): FieldKind[] {
  return [...loadedColumns(table).map((c) => (DATE_TYPES.has(c.dataType) ? FieldKind.Date
    : PLAIN_TYPES.has(c.dataType) ? FieldKind.Plain : FieldKind.Escaped)), ...historyLoadColumns(table).map(() => FieldKind.Plain)];
}

/**
 * Streams `range` of a table from a source session (in its snapshot, with
 * character_set_results=binary) into a target session with LOAD DATA LOCAL.
 * Memory stays bounded: the source socket is paused whenever the load stream
 * is full. `onChunk` reports rows and bytes as they are sent. Rejects with
 * the load's or the read's error; the source session stays usable after a
 * load error (the rest of the result is read and dropped).
 */
export async function copyTableRange(
  source: Session, target: Session, table: TableInfo, range: KeyRange | null,
  onChunk?: (rows: number, bytes: number) => void, checksum?: StreamChecksum,
): Promise<RangeCopyResult> {
  const columns = loadedColumns(table);
  const encoder = new RowEncoder(fieldKinds(table));
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  let rows = 0, bytes = 0, pendingRows = 0, discarding = false;
  const send = (chunk: Buffer | null, last = false): void => {
    if (!chunk || discarding) return;
    bytes += chunk.length;
    onChunk?.(pendingRows, chunk.length);
    pendingRows = 0;
    // Never pause after the last chunk: 'drain' is not emitted once end() is called, so the
    // session would stay paused and the next query on it would hang.
    if (!out.write(chunk) && !last) {
      source.raw.pause();
      out.once('drain', () => source.raw.resume());
    }
  };
  const read = new Promise<void>((resolve, reject) => {
    const select = selectSql(table, range);
    queryRawRows(source.raw, select.sql, select.values, (packet, start, end) => {
      rows++;
      pendingRows++;
      checksum?.push(packet, start, end);
      send(encoder.push(packet, start, end));
    })
      .on('error', (error) => { out.destroy(error); reject(error); })
      .on('end', () => { send(encoder.finish(), true); out.end(); resolve(); });
  });
  // History rows are written with their own ROW_START and ROW_END (a session setting: it stays on for the next loads).
  if (table.history) await target.exec('SET SESSION system_versioning_insert_history = ON');
  const load = target.exec({ sql: loadSql(table), infileStreamFactory: () => out }).catch((error: unknown) => {
    // The load failed before or while reading: drain the source so its session stays usable.
    discarding = true;
    out.removeAllListeners('drain');
    source.raw.resume();
    throw error;
  });
  const [loadResult, readResult] = await Promise.allSettled([load, read]);
  // Whatever happened, leave the source session flowing for its next query.
  out.removeAllListeners('drain');
  source.raw.resume();
  if (readResult.status === 'rejected') throw readResult.reason;
  if (loadResult.status === 'rejected') throw loadResult.reason;
  const warnings: string[] = [];
  if (loadResult.value.warningStatus > 0) {
    const shown = await target.rows('SHOW WARNINGS LIMIT 3');
    for (const w of shown) warnings.push(`${String(w['Code'])}: ${String(w['Message'])}`);
  }
  const zeroDates = new Map<string, number>();
  encoder.zeroDates.forEach((n, i) => { if (n > 0) zeroDates.set(columns[i]?.name ?? '', n); });
  return { rows, bytes, zeroDates, warnings };
}

/**
 * Replaces `range` of a table on the target with the source's rows: delete
 * then reload. The seam a live migration uses to recopy changed ranges.
 */
export async function reloadTableRange(
  source: Session, target: Session, table: TableInfo, range: KeyRange | null,
  onChunk?: (rows: number, bytes: number) => void,
): Promise<RangeCopyResult> {
  const where = rangeWhere(range);
  await target.exec(`DELETE${table.history ? ' HISTORY' : ''} FROM ${qualified(table.database, table.name)}${where.sql}`, where.values);
  return copyTableRange(source, target, table, range, onChunk);
}
