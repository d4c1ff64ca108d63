/** Verification of a copy: per-table and per-range counts and checksums, portable across versions. */
export { tableChecksum, chunkChecksums, rowHashSql } from './checksum.ts';
export { checksumBothSides, verificationEntry, verifyTable } from './verify-tables.ts';
export type { SidesChecksum } from './verify-tables.ts';
export type { VerificationEntry, RowsChecksum, ChunkChecksum } from './types.ts';
