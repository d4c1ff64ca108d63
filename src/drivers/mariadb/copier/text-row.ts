/**
 * Walks the fields of one text-protocol row packet in place: each field is
 * a length-encoded string, or 0xFB for NULL. Reading the bytes where they
 * lie avoids one Buffer object per field, the copier's largest client-side
 * cost (about a third of its CPU at 3 million rows).
 */
export class TextRowCursor {
  /** Offset of the current field's bytes in `buf`. */
  start = 0;
  /** Length of the current field's bytes; -1 for NULL. */
  length = 0;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private end = 0;

  /** Positions the cursor before the first field of the packet bytes `buf[start, end)`. */
  reset(buf: Buffer, start: number, end: number): void {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** Moves to the next field; false after the last one. */
  next(): boolean {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= this.end) return false;
    const first = buf[pos++] as number;
    let length: number;
    if (first < 0xfb) length = first;
    else if (first === 0xfb) length = -1;
    else if (first === 0xfc) { length = buf.readUInt16LE(pos); pos += 2; }
    else if (first === 0xfd) { length = buf.readUIntLE(pos, 3); pos += 3; }
    else if (first === 0xfe) { length = Number(buf.readBigUInt64LE(pos)); pos += 8; }
    else throw new Error(`malformed row packet: length prefix 0x${first.toString(16)}`);
    this.start = pos;
    this.length = length;
    this.pos = length > 0 ? pos + length : pos;
    if (this.pos > this.end) throw new Error('malformed row packet: field runs past the packet');
    return true;
  }
}
