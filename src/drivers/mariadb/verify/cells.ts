import type { RowsChecksum } from './types.ts';

/**
 * A result cell as text, null for SQL NULL. Counts, sums and keys arrive as
 * numbers, strings, or Buffers (expressions over binary casts); their bytes
 * are ASCII digits, so latin1 reads them exactly. Anything else is a bug.
 */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  throw new TypeError(`unexpected ${typeof value} in a checksum or key cell`);
}

/** The `n` (COUNT) and `s` (SUM of row hashes) cells of a row; a NULL sum (no rows) is 0, as when sums are added. */
export function rowsChecksumOf(row: Readonly<Record<string, unknown>> | undefined): RowsChecksum {
  return { rows: Number(cellText(row?.['n']) ?? 0), checksum: cellText(row?.['s']) ?? '0' };
}
