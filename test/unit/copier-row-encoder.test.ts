import { describe, expect, it } from 'vitest';
import { FieldKind, RowEncoder, isZeroDate } from '../../src/drivers/mariadb/copier/row-encoder.ts';
import { TextRowCursor } from '../../src/drivers/mariadb/copier/text-row.ts';
import { encodeTextRow } from '../helpers/text-row.ts';

/** Feeds a row to the encoder as the text-protocol packet bytes it gets from the server, at an offset. */
function push(encoder: RowEncoder, row: readonly (Buffer | null)[]): Buffer | null {
  const packet = Buffer.concat([Buffer.from('hdr!'), encodeTextRow(row), Buffer.from('next packet')]);
  return encoder.push(packet, 4, packet.length - 'next packet'.length);
}

/** Decodes LOAD DATA's default escaping, the way the server reads it. */
function decode(data: Buffer): (Buffer | null)[][] {
  const rows: (Buffer | null)[][] = [];
  let row: (Buffer | null)[] = [];
  let field: number[] = [];
  let isNull = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as number;
    if (c === 0x5c) {
      const n = data[++i] as number;
      if (n === 0x4e) isNull = true;
      else field.push(n === 0x74 ? 9 : n === 0x6e ? 10 : n === 0x30 ? 0 : n);
    } else if (c === 9 || c === 10) {
      row.push(isNull ? null : Buffer.from(field));
      field = [];
      isNull = false;
      if (c === 10) { rows.push(row); row = []; }
    } else field.push(c);
  }
  return rows;
}

describe('RowEncoder', () => {
  it('round-trips any bytes, NULLs and empty values', () => {
    const kinds = [FieldKind.Plain, FieldKind.Escaped, FieldKind.Escaped, FieldKind.Escaped, FieldKind.Date];
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const rows: (Buffer | null)[][] = [
      [Buffer.from('1'), Buffer.from('tab\there\nnew \\ back \\N'), null, Buffer.alloc(0), Buffer.from('2024-01-01')],
      [Buffer.from('2'), all, Buffer.from('emoji 😀'), Buffer.from('é', 'latin1'), null],
      [Buffer.from('3'), Buffer.alloc(100, 0x41), Buffer.concat([Buffer.alloc(60, 0x42), Buffer.from('\t')]), Buffer.from('\\N'), Buffer.from('0000-00-00')],
    ];
    const encoder = new RowEncoder(kinds, 64);
    const chunks: Buffer[] = [];
    for (const row of rows) {
      const chunk = push(encoder, row);
      if (chunk) chunks.push(Buffer.from(chunk));
    }
    const last = encoder.finish();
    if (last) chunks.push(last);
    expect(chunks.length).toBeGreaterThan(1);
    expect(decode(Buffer.concat(chunks))).toEqual(rows);
    expect(encoder.zeroDates).toEqual([0, 0, 0, 0, 1]);
  });

  it('grows for a row larger than a chunk (a 1 MB BLOB of escapes)', () => {
    const blob = Buffer.alloc(1024 * 1024, 0x5c);
    const encoder = new RowEncoder([FieldKind.Escaped], 1024);
    const chunk = push(encoder, [blob]);
    expect(chunk?.length).toBe(2 * blob.length + 1);
    const decoded = decode(Buffer.from(chunk as Buffer));
    expect(decoded.length).toBe(1);
    expect(decoded[0]?.[0]?.equals(blob)).toBe(true);
    expect(encoder.finish()).toBeNull();
  });

  it('spots zero and partly zero dates', () => {
    expect(isZeroDate(Buffer.from('0000-00-00 00:00:00'))).toBe(true);
    expect(isZeroDate(Buffer.from('2020-00-10'))).toBe(true);
    expect(isZeroDate(Buffer.from('2020-05-00'))).toBe(true);
    expect(isZeroDate(Buffer.from('2020-05-10 00:00:00'))).toBe(false);
  });
});

describe('TextRowCursor', () => {
  it('reads every length prefix size and NULL, and rejects a field running past the packet', () => {
    const values = [null, Buffer.alloc(0), Buffer.alloc(250, 1), Buffer.alloc(251, 2), Buffer.alloc(70_000, 3), null];
    const packet = encodeTextRow(values);
    const cursor = new TextRowCursor();
    cursor.reset(packet, 0, packet.length);
    const read: (Buffer | null)[] = [];
    while (cursor.next()) read.push(cursor.length < 0 ? null : packet.subarray(cursor.start, cursor.start + cursor.length));
    expect(read).toEqual(values);
    cursor.reset(packet, 0, 100);
    expect(() => { while (cursor.next()); }).toThrow(/past the packet/);
  });
});
