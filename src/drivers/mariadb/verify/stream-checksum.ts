import { crc32 } from 'node:zlib';
import type { TableInfo } from '../copier/catalog.ts';
import type { RowsChecksum } from './types.ts';
import { TextRowCursor } from '../copier/text-row.ts';

const HASH_BYTE = 0x23; // '#'
/** Per-row CRC32s are at most 2^32: this many fit in a double exactly before folding into a BigInt. */
const FOLD_EVERY = 1_000_000;

/**
 * Types whose text-protocol bytes are exactly what `CAST(col AS BINARY)`
 * gives on the server, so a checksum computed here while streaming equals
 * `rowHashSql` computed by the server. Floating point is left out: its text
 * form is not guaranteed to match CAST's, so those tables are checksummed
 * by the source server in the snapshot instead.
 */
const STREAMABLE = new Set([
  'tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'year', 'bit',
  'date', 'datetime', 'timestamp', 'time',
  'char', 'varchar', 'binary', 'varbinary', 'tinytext', 'text', 'mediumtext', 'longtext',
  'tinyblob', 'blob', 'mediumblob', 'longblob', 'enum', 'set', 'json', 'uuid', 'inet4', 'inet6',
]);

/** True when the source side of this table's checksum can be computed from the copy stream. */
export function canStreamChecksum(table: TableInfo): boolean {
  return table.columns.length > 0 && table.columns.every((c) => !c.generated && STREAMABLE.has(c.dataType));
}

/**
 * The source checksum of the rows a copy streams (the snapshot's rows, read
 * once), in the same formula as `rowHashSql`: CRC32 of CONCAT_WS('#', every
 * non-NULL column, the ISNULL markers of the nullable columns), summed.
 * It saves a second full read of the source for verification.
 */
export class StreamChecksum {
  private rows = 0;
  private partial = 0;
  private total = 0n;
  private readonly nullable: number[];
  /** One row's CONCAT_WS bytes, hashed with a single crc32 call (a native call per field costs more than the copy). */
  private scratch = Buffer.allocUnsafe(64 * 1024);

  constructor(table: TableInfo) {
    this.nullable = table.columns.flatMap((c, i) => (c.nullable ? [i] : []));
    this.isNull = table.columns.map(() => false);
  }

  private readonly cursor = new TextRowCursor();
  /** Per column: NULL in the current row. */
  private readonly isNull: boolean[];

  /** Adds the row whose text-protocol field bytes are `packet[start, end)`. */
  push(packet: Buffer, start: number, end: number): void {
    // The row's CONCAT_WS is never longer than its packet (a one-byte prefix per field pays for its separator).
    const need = end - start + this.nullable.length + 1;
    if (need > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(need, this.scratch.length * 2));
    const buf = this.scratch;
    const cursor = this.cursor;
    const isNull = this.isNull;
    let pos = 0;
    let first = true;
    cursor.reset(packet, start, end);
    for (let i = 0; cursor.next(); i++) {
      const len = cursor.length;
      isNull[i] = len < 0;
      if (len < 0) continue;
      if (!first) buf[pos++] = HASH_BYTE;
      first = false;
      const from = cursor.start;
      if (len > 32) pos += packet.copy(buf, pos, from, from + len);
      else for (let j = from, stop = from + len; j < stop; j++) buf[pos++] = packet[j] as number;
    }
    const nullable = this.nullable;
    if (nullable.length > 0) {
      if (!first) buf[pos++] = HASH_BYTE;
      for (let i = 0; i < nullable.length; i++) buf[pos++] = isNull[nullable[i] as number] ? 0x31 : 0x30;
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
