import { UserError } from '../../../errors.ts';
import type { DatabaseCatalog, TableInfo } from './catalog.ts';
import { cellText, forEachLimit, type Session } from './connections.ts';
import type { CopyJournal } from './failures.ts';
import { qualified, quoteIdent } from './quote.ts';
import { MARK_CLAUSE, unmarkedDatabases } from '../copy-mark.ts';
import { hasForeignKeys, splitPlainKeys, type DeferredKeys } from './deferred-keys.ts';

/** First column of the first row: what SHOW CREATE ... returns the statement in. */
export function createStatement(rows: readonly Record<string, unknown>[], column: string): string {
  const value = rows[0]?.[column];
  if (typeof value !== 'string') throw new Error(`no ${column} returned (missing privilege?)`);
  return value;
}

/**
 * Refuses (UserError) when a database already exists on the target and
 * replacing was not asked for, or, when it was, when one that exists lacks
 * the bot's copy mark: someone's data, never dropped. Checked for every
 * database before the first is dropped.
 */
export async function checkTargetDatabases(target: Session, names: readonly string[], replace: boolean, address: string): Promise<void> {
  if (names.length === 0) return;
  if (replace) {
    const [unmarked] = await unmarkedDatabases((sql, values) => target.rows(sql, values), names);
    if (unmarked !== undefined) throw new UserError('copier.target-not-a-copy', { database: unmarked, address });
    return;
  }
  const rows = await target.rows(`SELECT SCHEMA_NAME n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${names.map(() => '?').join(',')})`, [...names]);
  const first = rows[0];
  if (first) throw new UserError('copier.target-database-exists', { database: String(first['n']) });
}

/**
 * (Re)creates a database with the source's default charset and collation.
 * When the collation is unknown on the target the database is still
 * created with the target's defaults, so its tables can be tried, and the
 * failure is recorded. Returns false only when the database does not exist afterwards.
 */
export async function createDatabase(target: Session, db: DatabaseCatalog, replace: boolean, journal: CopyJournal): Promise<boolean> {
  if (replace) await target.exec(`DROP DATABASE IF EXISTS ${quoteIdent(db.name)}`);
  const statement = `CREATE DATABASE ${quoteIdent(db.name)} CHARACTER SET ${db.charset} COLLATE ${db.collation} ${MARK_CLAUSE}`;
  try {
    await target.exec(statement);
    return true;
  } catch (error) {
    journal.fail({ database: db.name, object: db.name, kind: 'database', statement }, error);
  }
  try {
    await target.exec(`CREATE DATABASE ${quoteIdent(db.name)} ${MARK_CLAUSE}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates the database's sequences from SHOW CREATE SEQUENCE (every option:
 * start, bounds, increment, cache, cycle, engine) and restores their state.
 * Call before createTables: a table whose DEFAULT calls NEXTVAL(seq) cannot
 * be created before its sequence. Returns the sequences that now exist.
 */
export async function createSequences(source: Session, target: Session, db: DatabaseCatalog, journal: CopyJournal): Promise<TableInfo[]> {
  await source.exec(`USE ${quoteIdent(db.name)}`);
  await target.exec(`USE ${quoteIdent(db.name)}`);
  const created: TableInfo[] = [];
  for (const sequence of db.tables.filter((t) => t.tableType === 'SEQUENCE')) {
    let statement = `SHOW CREATE SEQUENCE ${qualified(db.name, sequence.name)}`;
    try {
      statement = createStatement(await source.rows(statement), 'Create Table');
      await target.exec(statement);
      statement = await restoreSequenceState(source, target, sequence);
      created.push(sequence);
    } catch (error) {
      journal.fail({ database: db.name, object: sequence.name, kind: 'sequence', statement }, error);
    }
  }
  return created;
}

/**
 * Creates the database's tables on the target from SHOW CREATE TABLE,
 * spread over the given target sessions, after its sequences (see
 * createSequences; a caller that created them already passes a catalog
 * without them). The sessions run under the source's sql_mode with FOREIGN_KEY_CHECKS=0, so
 * creation order does not matter. Returns the tables that now exist. With
 * `deferred`, plain secondary keys are left out and collected there, for
 * buildTableKeys once the table's rows are loaded.
 */
export async function createTables(
  source: Session, targets: readonly Session[], db: DatabaseCatalog, journal: CopyJournal, deferred?: DeferredKeys,
): Promise<TableInfo[]> {
  const created: TableInfo[] = [];
  const first = targets[0];
  if (first) created.push(...await createSequences(source, first, db, journal));
  await source.exec(`USE ${quoteIdent(db.name)}`);
  const defer = deferred !== undefined && !(await hasForeignKeys(source, db.name));
  const queue = db.tables.filter((t) => t.tableType !== 'SEQUENCE');
  await forEachLimit(targets, targets.length, async (target) => {
    await target.exec(`USE ${quoteIdent(db.name)}`);
    for (let table = queue.shift(); table; table = queue.shift()) {
      let statement = `SHOW CREATE TABLE ${qualified(db.name, table.name)}`;
      try {
        statement = createStatement(await source.rows(statement), 'Create Table');
        const split = defer ? splitPlainKeys(statement) : { create: statement, keys: [] };
        await target.exec(split.create);
        if (split.keys.length > 0) deferred?.set(table, split.keys);
        created.push(table);
      } catch (error) {
        journal.fail({ database: db.name, object: table.name, kind: 'table', statement }, error);
      }
    }
  });
  return created;
}

/**
 * A sequence's state is its next value and its cycle count: both carried
 * over (they are not part of the snapshot: sequences are not transactional).
 * Like mariadb-dump, the copy resumes at the first value the source has not
 * cached: gaps, never repeats. Returns the statement run, for failure records.
 */
async function restoreSequenceState(source: Session, target: Session, table: TableInfo): Promise<string> {
  const rows = await source.rows(`SELECT CAST(next_not_cached_value AS CHAR) v, CAST(cycle_count AS CHAR) c FROM ${qualified(table.database, table.name)}`);
  const value = cellText(rows[0]?.['v']) ?? '';
  const round = cellText(rows[0]?.['c']) ?? '';
  // SETVAL takes literals only; both are checked to be integers before they are inlined.
  if (!/^-?\d+$/.test(value) || !/^\d+$/.test(round)) throw new Error(`unreadable sequence state: ${value.slice(0, 30)}, ${round.slice(0, 30)}`);
  const statement = `SELECT SETVAL(${qualified(table.database, table.name)}, ${value}, 0, ${round})`;
  await target.rows(statement);
  return statement;
}
