/**
 * Result of verifying one table: row counts and checksums of the source
 * snapshot and of the target. Checksums are decimal strings (sums of CRC32
 * that can exceed 2^53), null when not computed (verify mode 'counts').
 */
export interface VerificationEntry {
  readonly database: string;
  readonly table: string;
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly sourceChecksum: string | null;
  readonly targetChecksum: string | null;
  readonly ok: boolean;
  /**
   * How the checksums were computed: `row-crc32`, the portable per-row
   * formula of rowHashSql (also when absent), or `checksum-table`, both
   * servers' CHECKSUM TABLE (see verify/checksum-table.ts).
   */
  readonly algorithm?: 'row-crc32' | 'checksum-table';
}

/** Count and checksum of a set of rows. */
export interface RowsChecksum {
  readonly rows: number;
  readonly checksum: string | null;
}

/** Checksum of one chunk of a table cut by integer primary key: chunk i covers [min + i*size, min + (i+1)*size). */
export interface ChunkChecksum extends RowsChecksum {
  readonly chunk: number;
  readonly from: string;
  readonly to: string;
}
