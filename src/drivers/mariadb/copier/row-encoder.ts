import { TextRowCursor } from './text-row.ts';

/**
 * Encodes rows read in the server's text protocol (raw row packets, charset
 * binary) into the byte format of
 * `LOAD DATA ... CHARACTER SET binary FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'`.
 * Bytes are copied untouched except the four that LOAD DATA treats
 * specially, so every charset and every binary value survives exactly.
 * Rows are packed into large Buffers so the per-row cost stays a few copies.
 */

/** How a column's bytes are written. */
export const FieldKind = {
  /** Arbitrary bytes: escape backslash, tab, newline and NUL. */
  Escaped: 0,
  /** Digits, signs, dots, colons: never needs escaping. */
  Plain: 1,
  /** A DATE/DATETIME/TIMESTAMP in text form: plain, and counted when zero or partly zero. */
  Date: 2,
} as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

const BACKSLASH = 0x5c;
const TAB = 0x09;
const NEWLINE = 0x0a;
const NUL = 0x00;
const ZERO = 0x30;
/** Per byte: the letter written after a backslash for it, or 0 when it goes as it is (one lookup instead of four compares). */
const ESCAPED_AS = new Uint8Array(256);
ESCAPED_AS[BACKSLASH] = BACKSLASH;
ESCAPED_AS[TAB] = 0x74; // t
ESCAPED_AS[NEWLINE] = 0x6e; // n
ESCAPED_AS[NUL] = ZERO;
/** Fields longer than this are copied with a native call. */
const NATIVE_COPY_FROM = 32;
/** Fields at least this long are scanned with native indexOf before a plain copy. */
const SCAN_NATIVE_FROM = 48;

/** True when the 'YYYY-MM-DD...' at `buf[start, start + length)` has a zero month or day (what NO_ZERO_DATE / NO_ZERO_IN_DATE reject). */
export function isZeroDate(buf: Buffer, start = 0, length = buf.length): boolean {
  return length >= 10 && ((buf[start + 5] === ZERO && buf[start + 6] === ZERO) || (buf[start + 8] === ZERO && buf[start + 9] === ZERO));
}

/**
 * Packs rows into chunks of about `chunkBytes` (larger only when one row is
 * larger). `push` returns a finished chunk when one is ready, `finish` the rest.
 */
export class RowEncoder {
  private buf: Buffer;
  private pos = 0;
  /** Per column: rows whose value is a zero or partly zero date. */
  readonly zeroDates: number[];

  constructor(private readonly kinds: readonly FieldKind[], private readonly chunkBytes = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(chunkBytes + 1024);
    this.zeroDates = kinds.map(() => 0);
  }

  private readonly cursor = new TextRowCursor();

  /** Adds the row whose text-protocol field bytes are `packet[start, end)`. */
  push(packet: Buffer, start: number, end: number): Buffer | null {
    const kinds = this.kinds;
    const cursor = this.cursor;
    cursor.reset(packet, start, end);
    for (let i = 0; cursor.next(); i++) {
      if (i > 0) this.buf[this.pos++] = TAB;
      const length = cursor.length;
      if (length < 0) {
        this.ensure(3);
        this.buf[this.pos++] = BACKSLASH;
        this.buf[this.pos++] = 0x4e; // N
        continue;
      }
      const kind = kinds[i];
      if (kind === FieldKind.Escaped) this.writeEscaped(packet, cursor.start, length);
      else {
        if (kind === FieldKind.Date && isZeroDate(packet, cursor.start, length)) this.zeroDates[i] = (this.zeroDates[i] ?? 0) + 1;
        this.ensure(length + 2);
        this.writePlain(packet, cursor.start, length);
      }
    }
    this.ensure(2);
    this.buf[this.pos++] = NEWLINE;
    return this.pos >= this.chunkBytes ? this.take() : null;
  }

  /** The last, partial chunk (null when empty). */
  finish(): Buffer | null {
    return this.pos > 0 ? this.take() : null;
  }

  private take(): Buffer {
    const chunk = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.chunkBytes + 1024);
    this.pos = 0;
    return chunk;
  }

  /** Room for `n` more bytes plus the separator written before the next field. */
  private ensure(n: number): void {
    if (this.pos + n + 1 <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + 1024));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Copies bytes known to need no escaping; short ones by hand (a native copy costs more below a few dozen bytes). */
  private writePlain(src: Buffer, start: number, length: number): void {
    if (length > NATIVE_COPY_FROM) {
      this.pos += src.copy(this.buf, this.pos, start, start + length);
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let j = start, stop = start + length; j < stop; j++) buf[pos++] = src[j] as number;
    this.pos = pos;
  }

  private writeEscaped(src: Buffer, start: number, length: number): void {
    if (length >= SCAN_NATIVE_FROM) {
      // Long values rarely hold a byte to escape: four native scans and one copy beat a byte loop.
      const value = src.subarray(start, start + length);
      if (value.indexOf(BACKSLASH) < 0 && value.indexOf(TAB) < 0 && value.indexOf(NEWLINE) < 0 && value.indexOf(NUL) < 0) {
        this.ensure(length + 2);
        this.pos += value.copy(this.buf, this.pos);
        return;
      }
    }
    this.ensure(length * 2 + 2);
    const buf = this.buf;
    let pos = this.pos;
    for (let j = start, stop = start + length; j < stop; j++) {
      const c = src[j] as number;
      const escaped = ESCAPED_AS[c] as number;
      if (escaped === 0) buf[pos++] = c;
      else {
        buf[pos++] = BACKSLASH;
        buf[pos++] = escaped;
      }
    }
    this.pos = pos;
  }
}
