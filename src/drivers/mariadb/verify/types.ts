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
   * How the table was verified:
   * - `checksum-table`: both servers' CHECKSUM TABLE (see
   *   verify/checksum-table.ts); when they differ and the row hash cannot
   *   read every column exactly, the mismatch stands;
   * - `row-crc32`: the portable per-row hash of rowHashSql, reading every
   *   column from an exact representation (also when absent, in older reports);
   * - `row-crc32-over-checksum-table`: CHECKSUM TABLE differed (the
   *   versions store rows differently) and the exact row hash decided;
   * - `counts`: row counts only (verify mode 'counts').
   */
  readonly algorithm?: 'row-crc32' | 'checksum-table' | 'row-crc32-over-checksum-table' | 'counts';
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
