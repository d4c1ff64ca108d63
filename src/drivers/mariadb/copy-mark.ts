/**
 * The mark the bot puts on every database it creates (a test's copy, a
 * run's precopy), and checks before it drops one: a database of the same
 * name without it is someone's data, never the bot's to drop.
 *
 * Why a database COMMENT (MariaDB 10.5+) rather than a row in a bot-owned
 * table or a marker table inside the copy: the comment lives and dies with
 * the database, so a database dropped and created again by someone else
 * under the same name has no mark, where a row kept elsewhere would still
 * claim it; a table inside would change the copy's contents, which the
 * verification compares with the source. The cost: the copy's own database
 * comment is the mark, not the source's (copies never carried it).
 */
export const COPY_MARK = 'migrate-bot copy: the bot drops it when it is no longer needed';

/**
 * The clause to append to CREATE DATABASE. Written as a MariaDB executable
 * comment: MySQL has no database comments and ignores it (its copies are
 * then unmarked, and never dropped by the bot).
 */
export const MARK_CLAUSE = `/*M!100500 COMMENT '${COPY_MARK}' */`;

/** Runs one query and returns its rows: a copier Session's `rows`, or a plain mysql2 connection's. */
export type RowsOf = (sql: string, values: unknown[]) => Promise<readonly Record<string, unknown>[]>;

/** The databases of `names` that exist on the server without the mark. */
export async function unmarkedDatabases(rows: RowsOf, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const found = await rows(`SELECT SCHEMA_NAME n, SCHEMA_COMMENT c FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${names.map(() => '?').join(',')})`, [...names]);
  return found.filter((row) => row['c'] !== COPY_MARK).map((row) => String(row['n']));
}
