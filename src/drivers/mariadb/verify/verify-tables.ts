import type { TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import type { KeyRange } from '../copier/table-copy.ts';
import { tableChecksum } from './checksum.ts';
import type { RowsChecksum, VerificationEntry } from './types.ts';

/** Both sides' count and checksum of one table or range. */
export interface SidesChecksum {
  readonly source: RowsChecksum;
  readonly target: RowsChecksum;
}

/**
 * Checksums one table or range on both sides at once. `source` must be a
 * session of the snapshot the copy read from, so concurrent writes on the
 * source cannot produce false mismatches.
 */
export async function checksumBothSides(
  source: Session, target: Session, table: TableInfo, range: KeyRange | null, mode: 'checksums' | 'counts',
): Promise<SidesChecksum> {
  const countsOnly = mode === 'counts';
  const [s, t] = await Promise.all([
    tableChecksum(source, table, range, countsOnly),
    tableChecksum(target, table, range, countsOnly),
  ]);
  return { source: s, target: t };
}

function addChecksums(parts: readonly RowsChecksum[]): RowsChecksum {
  let rows = 0;
  let sum: bigint | null = 0n;
  for (const p of parts) {
    rows += p.rows;
    sum = sum === null || p.checksum === null ? null : sum + BigInt(p.checksum);
  }
  return { rows, checksum: sum === null ? null : sum.toString() };
}

/** Adds up the ranges of a table (sums of CRC32 add up) into its verification entry. */
export function verificationEntry(table: TableInfo, parts: readonly SidesChecksum[]): VerificationEntry {
  const s = addChecksums(parts.map((p) => p.source));
  const t = addChecksums(parts.map((p) => p.target));
  return {
    database: table.database,
    table: table.name,
    sourceRows: s.rows,
    targetRows: t.rows,
    sourceChecksum: s.checksum,
    targetChecksum: t.checksum,
    ok: s.rows === t.rows && s.checksum === t.checksum,
  };
}

/** Verifies a whole table in one query per side. */
export async function verifyTable(
  source: Session, target: Session, table: TableInfo, mode: 'checksums' | 'counts',
): Promise<VerificationEntry> {
  return verificationEntry(table, [await checksumBothSides(source, target, table, null, mode)]);
}
