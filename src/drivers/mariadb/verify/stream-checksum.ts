import { crc32 } from 'node:zlib';
import type { TableInfo } from '../copier/catalog.ts';
import type { RowsChecksum } from './types.ts';
import { isSelfDelimited } from './row-framing.ts';
import { TextRowCursor } from '../copier/text-row.ts';

const NULL_MARK = 0x4e; // 'N'
const COLON = 0x3a;
const COMMA = 0x2c;
/** Per-row CRC32s are at most 2^32: this many fit in a double exactly before folding into a BigInt. */
const FOLD_EVERY = 1_000_000;

/**
 * Types whose bytes as the copy reads them (see readExpression: INET4,
 * INET6 and UUID as their bytes) are exactly what `CAST(col AS BINARY)`
 * gives on the server, so a checksum computed here while streaming equals
 * `rowHashSql` computed by the server. Floating point is left out: its text
 * form is not guaranteed to match the hashed one, so those tables are
 * checksummed by the source server in the snapshot instead.
 */
const STREAMABLE = new Set([
  'tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'year', 'bit',
  'date', 'datetime', 'timestamp', 'time',
  'char', 'varchar', 'binary', 'varbinary', 'tinytext', 'text', 'mediumtext', 'longtext',
  'tinyblob', 'blob', 'mediumblob', 'longblob', 'enum', 'set', 'json', 'uuid', 'inet4', 'inet6',
]);

/** True when the source side of this table's checksum can be computed from the copy stream. */
export function canStreamChecksum(table: TableInfo): boolean {
  // A system-versioned table's stream carries its period, hashed differently on the server (see historyHashExpressions).
  return table.history === undefined && table.columns.length > 0 && table.columns.every((c) => !c.generated && STREAMABLE.has(c.dataType));
}

/**
 * The source checksum of the rows a copy streams (the snapshot's rows, read
 * once), in the same formula as `rowHashSql`: CRC32 of every field framed
 * as `<text>,` (numbers, dates, times) or `<length>:<bytes>`, NULL as `N`,
 * summed. It saves a second full read of the source for verification.
 */
export class StreamChecksum {
  private rows = 0;
  private partial = 0;
  private total = 0n;
  /** One row's encoded fields, hashed with a single crc32 call (a native call per field costs more than the copy). */
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private readonly cursor = new TextRowCursor();
  /** A field's length prefix is at most 20 digits and a colon: room for it is reserved per column. */
  private readonly prefixRoom: number;
  /** Per field, in stream order: framed as `<text>,` rather than length-prefixed (see row-framing.ts). */
  private readonly delimited: boolean[];

  constructor(table: TableInfo) {
    this.prefixRoom = table.columns.length * 21;
    this.delimited = table.columns.map(isSelfDelimited);
  }

  /** Adds the row whose text-protocol field bytes are `packet[start, end)`. */
  push(packet: Buffer, start: number, end: number): void {
    const need = end - start + this.prefixRoom;
    if (need > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(need, this.scratch.length * 2));
    const buf = this.scratch;
    const cursor = this.cursor;
    const delimited = this.delimited;
    let pos = 0;
    let field = 0;
    cursor.reset(packet, start, end);
    while (cursor.next()) {
      const len = cursor.length;
      const selfDelimited = delimited[field++] === true;
      if (len < 0) { buf[pos++] = NULL_MARK; continue; }
      if (!selfDelimited) {
        pos += buf.write(String(len), pos, 'latin1');
        buf[pos++] = COLON;
      }
      const from = cursor.start;
      if (len > 32) pos += packet.copy(buf, pos, from, from + len);
      else for (let j = from, stop = from + len; j < stop; j++) buf[pos++] = packet[j] as number;
      if (selfDelimited) buf[pos++] = COMMA;
    }
    this.partial += crc32(buf.subarray(0, pos));
    if (++this.rows % FOLD_EVERY === 0) {
      this.total += BigInt(this.partial);
      this.partial = 0;
    }
  }

  result(): RowsChecksum {
    return { rows: this.rows, checksum: (this.total + BigInt(this.partial)).toString() };
  }
}
