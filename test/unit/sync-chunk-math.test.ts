import { describe, expect, it } from 'vitest';
import { differingChunks, equalPart, rowsOfRun, runsOf, slicesOf, subRange, sumOf } from '../../src/drivers/mariadb/sync/chunk-math.ts';
import type { RowsChecksum } from '../../src/drivers/mariadb/verify/types.ts';

const sums = (entries: [number, number, string][]): Map<number, RowsChecksum> => new Map(entries.map(([i, rows, checksum]) => [i, { rows, checksum }]));

describe('chunk diff arithmetic', () => {
  it('adds chunks up exactly past 2^53, a chunk without checksum counting as 0', () => {
    expect(sumOf([{ rows: 2, checksum: '9007199254740993' }, { rows: 3, checksum: '9007199254740993' }, { rows: 1, checksum: null }]))
      .toEqual({ rows: 6, checksum: '18014398509481986' });
    expect(sumOf([])).toEqual({ rows: 0, checksum: '0' });
  });

  it('finds the chunks that differ in count or checksum or exist on one side only, and sums the others per side', () => {
    const source = sums([[0, 10, '100'], [1, 10, '200'], [2, 10, '300'], [4, 5, '50']]);
    const target = sums([[0, 10, '100'], [1, 10, '201'], [2, 9, '300'], [3, 7, '70'], [4, 5, '50']]);
    expect(differingChunks(source, target)).toEqual([1, 2, 3]);
    expect(differingChunks(target, source)).toEqual([1, 2, 3]);
    expect(differingChunks(source, source)).toEqual([]);
    expect(equalPart(source, target)).toEqual({ source: { rows: 15, checksum: '150' }, target: { rows: 15, checksum: '150' } });
  });

  it('groups differing chunks into runs of consecutive indexes, in any input order', () => {
    expect(runsOf([9, 1, 2, 3, 7, 5, 6])).toEqual([[1, 3], [5, 7], [9, 9]]);
    expect(runsOf([])).toEqual([]);
  });

  it('counts a run on the fuller side of each chunk (rows deleted on the source still have to be removed)', () => {
    const source = sums([[1, 100, '1'], [2, 3, '2']]);
    const target = sums([[1, 40, '1'], [2, 30, '2'], [3, 8, '3']]);
    expect(rowsOfRun(source, target, [1, 3])).toBe(100 + 30 + 8);
    expect(rowsOfRun(source, target, [5, 6])).toBe(0);
  });

  it('cuts a table of n boundaries (n + 1 chunks) into slices covering every chunk once', () => {
    const chunks = { column: 'id', boundaries: Array.from({ length: 129 }, (_, i) => String(i * 10)) };
    expect(slicesOf(chunks)).toEqual([[0, 63], [64, 127], [128, 129]]);
    expect(slicesOf({ column: 'id', boundaries: [] })).toEqual([[0, 0]]);
    expect(slicesOf(chunks, 1024)).toEqual([[0, 129]]);
  });

  it('cuts a key range into parts whose last one stops at the range end', () => {
    expect(subRange('id', -10n, 7n, 12n, 0)).toEqual({ column: 'id', from: '-10', to: '-3' });
    expect(subRange('id', -10n, 7n, 12n, 3)).toEqual({ column: 'id', from: '11', to: '12' });
    expect(subRange('id', 1000000000000n, 64n, 1000000000200n, 1)).toEqual({ column: 'id', from: '1000000000064', to: '1000000000128' });
  });
});
