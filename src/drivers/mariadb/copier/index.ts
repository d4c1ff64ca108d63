/**
 * The copy engine's public surface: a whole-account copy, and the pieces a
 * live migration reuses on their own (snapshot, per-table and per-range
 * copy, range planning).
 */
export { copyAccount } from './copy-account.ts';
export { copyTables, verifyTables, planTasks, DEFAULT_CHUNK_BYTES } from './copy-tables.ts';
export type { WorkerPair, TableTask, TableCopyOutcome } from './copy-tables.ts';
export { copyTableRange, reloadTableRange } from './table-copy.ts';
export type { KeyRange, RangeCopyResult } from './table-copy.ts';
export { planRanges, cutRanges, keyBounds, rangeKeyOf } from './ranges.ts';
export { takeSnapshot, SOURCE_DATA_SETUP } from './snapshot.ts';
export type { SourceSnapshot } from './snapshot.ts';
export { readCatalog } from './catalog.ts';
export type { TableInfo, ColumnInfo, DatabaseCatalog } from './catalog.ts';
export { openSession, Session } from './connections.ts';
export { targetSetup } from './copy-setup.ts';
export { quoteIdent, quoteString, qualified, excerpt } from './quote.ts';
export { redactSecrets } from '../../../domain/redact.ts';
export type * from './types.ts';
