/**
 * Encodes rows read in the server's text protocol (raw bytes, charset
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
/** Fields longer than this are scanned with native indexOf before a plain copy. */
const SCAN_NATIVE_FROM = 48;

/** True when 'YYYY-MM-DD...' has a zero month or day (what NO_ZERO_DATE / NO_ZERO_IN_DATE reject). */
export function isZeroDate(value: Buffer): boolean {
  return value.length >= 10 && ((value[5] === ZERO && value[6] === ZERO) || (value[8] === ZERO && value[9] === ZERO));
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

  push(row: readonly (Buffer | null)[]): Buffer | null {
    const kinds = this.kinds;
    for (let i = 0; i < kinds.length; i++) {
      if (i > 0) this.buf[this.pos++] = TAB;
      const value = row[i];
      if (value === null || value === undefined) {
        this.ensure(3);
        this.buf[this.pos++] = BACKSLASH;
        this.buf[this.pos++] = 0x4e; // N
        continue;
      }
      const kind = kinds[i];
      if (kind === FieldKind.Escaped) this.writeEscaped(value);
      else {
        if (kind === FieldKind.Date && isZeroDate(value)) this.zeroDates[i] = (this.zeroDates[i] ?? 0) + 1;
        this.ensure(value.length + 2);
        this.pos += value.copy(this.buf, this.pos);
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

  private writeEscaped(value: Buffer): void {
    const len = value.length;
    if (len >= SCAN_NATIVE_FROM && value.indexOf(BACKSLASH) < 0 && value.indexOf(TAB) < 0
      && value.indexOf(NEWLINE) < 0 && value.indexOf(NUL) < 0) {
      this.ensure(len + 2);
      this.pos += value.copy(this.buf, this.pos);
      return;
    }
    this.ensure(len * 2 + 2);
    const buf = this.buf;
    let pos = this.pos;
    for (let j = 0; j < len; j++) {
      const c = value[j] as number;
      if (c === BACKSLASH || c === TAB || c === NEWLINE || c === NUL) {
        buf[pos++] = BACKSLASH;
        buf[pos++] = c === TAB ? 0x74 : c === NEWLINE ? 0x6e : c === NUL ? ZERO : BACKSLASH;
      } else {
        buf[pos++] = c;
      }
    }
    this.pos = pos;
  }
}
