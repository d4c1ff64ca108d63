import { createHash } from 'node:crypto';
import type { CopyFingerprint } from '../../reports.ts';
import type { Session } from '../copier/connections.ts';
import { qualified } from '../copier/quote.ts';

/**
 * What a database's digest covers, from information_schema: its options,
 * every table's and column's definition, indexes, views, routines,
 * triggers and events. Sizes, row estimates, AUTO_INCREMENT and
 * UPDATE_TIME are left out: they move without a write (statistics, a
 * rolled-back insert) or are forgotten by a restart (InnoDB's UPDATE_TIME),
 * and the rows themselves are digested by CHECKSUM TABLE below.
 */
const DEFINITIONS = [
  'SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, SCHEMA_COMMENT FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
  `SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT FROM information_schema.TABLES
   WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
  `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, COLLATION_NAME, EXTRA, GENERATION_EXPRESSION, COLUMN_COMMENT
   FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS
   WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  'SELECT TABLE_NAME, VIEW_DEFINITION, DEFINER, SECURITY_TYPE FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
  `SELECT ROUTINE_TYPE, ROUTINE_NAME, ROUTINE_DEFINITION, DEFINER, SQL_MODE, CREATED, LAST_ALTERED FROM information_schema.ROUTINES
   WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME`,
  `SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT, DEFINER, CREATED FROM information_schema.TRIGGERS
   WHERE TRIGGER_SCHEMA = ? ORDER BY TRIGGER_NAME`,
  'SELECT EVENT_NAME, EVENT_DEFINITION, DEFINER, STATUS, CREATED, LAST_ALTERED FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME',
];

/**
 * The digest of each of `databases` that exists: its definitions, then
 * CHECKSUM TABLE of every table holding rows (reads them all, so this runs
 * outside any downtime). Equal digests later: nothing was written or
 * changed there in between.
 */
export async function databaseDigests(session: Session, databases: readonly string[]): Promise<CopyFingerprint> {
  const digests: { database: string; digest: string }[] = [];
  for (const database of databases) {
    const [options, ...definitions] = await Promise.all(DEFINITIONS.map((sql) => session.rows(sql, [database])));
    if (!options || options.length === 0) continue;
    const hash = createHash('sha256');
    for (const rows of [options, ...definitions]) hash.update(JSON.stringify(rows)).update('\n');
    const tables = await session.rows(`SELECT TABLE_NAME n FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE') ORDER BY TABLE_NAME`, [database]);
    if (tables.length > 0) {
      const checksums = await session.rows(`CHECKSUM TABLE ${tables.map((t) => qualified(database, String(t['n']))).join(', ')} EXTENDED`);
      hash.update(JSON.stringify(checksums));
    }
    digests.push({ database, digest: hash.digest('hex') });
  }
  return digests;
}
