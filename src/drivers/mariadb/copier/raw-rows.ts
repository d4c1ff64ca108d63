import type { Connection, Query } from 'mysql2';

/** Receives one row: the text-protocol field bytes are `buf[start, end)` (see TextRowCursor). Valid only during the call. */
export type RawRowSink = (buf: Buffer, start: number, end: number) => void;

/** What the installed parser hands back to mysql2 for each row it consumed. */
const CONSUMED = Symbol('row consumed by the raw sink');

interface RowPacket {
  readonly buffer: Buffer;
  readonly offset: number;
  readonly end: number;
}

/**
 * Runs a text-protocol query and hands every row packet's bytes to `onRow`
 * instead of letting mysql2 build an array of Buffers per row: at millions
 * of rows that allocation was the largest share of the copier's CPU.
 *
 * mysql2 has no public hook for this. Its Query command (mysql2 3.x) gets
 * its per-result row parser by assigning `_rowParser` once the column
 * definitions are in, then calls `_rowParser.next(packet)` for each row and
 * emits what it returns as a 'result' event. The parser installed here
 * ignores that assignment. Should a mysql2 upgrade stop using it, rows would
 * arrive as arrays instead: the query then fails loudly, it never copies
 * less than it read.
 */
export function queryRawRows(connection: Connection, sql: string, values: readonly unknown[], onRow: RawRowSink): Query {
  const query = connection.query({ sql, values: [...values] });
  const parser = {
    next(packet: RowPacket): symbol {
      onRow(packet.buffer, packet.offset, packet.end);
      return CONSUMED;
    },
  };
  Object.defineProperty(query, '_rowParser', { configurable: true, get: () => parser, set: () => undefined });
  let warned = false;
  query.on('result', (row: unknown) => {
    if (row === CONSUMED || warned) return;
    warned = true;
    query.emit('error', new Error('mysql2 no longer calls the raw row parser (internal _rowParser changed): pin mysql2 to a 3.x version the copier supports'));
  });
  return query;
}
