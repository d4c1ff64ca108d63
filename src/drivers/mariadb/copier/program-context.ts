import type { Session } from './connections.ts';
import type { CopyJournal } from './failures.ts';
import { quoteIdent, quoteString } from './quote.ts';

/**
 * The session context a view, routine, trigger or event was created in, as
 * SHOW CREATE reports it: the server stores it with the object and runs the
 * object under it, so the copy recreates each object under the same one.
 * A null field was not reported for that kind (views have no sql_mode).
 */
export interface ProgramContext {
  readonly sqlMode: string | null;
  /** Events only; 'SYSTEM' stays 'SYSTEM': the event keeps following the server's local time. */
  readonly timeZone: string | null;
  readonly characterSetClient: string | null;
  readonly collationConnection: string | null;
  readonly databaseCollation: string | null;
}

const field = (row: Record<string, unknown> | undefined, name: string): string | null => {
  const value = row?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

/** The context columns of a SHOW CREATE row. */
export function contextOf(row: Record<string, unknown> | undefined): ProgramContext {
  return {
    sqlMode: field(row, 'sql_mode'), timeZone: field(row, 'time_zone'),
    characterSetClient: field(row, 'character_set_client'), collationConnection: field(row, 'collation_connection'),
    databaseCollation: field(row, 'Database Collation'),
  };
}

const UTF8 = /^utf8(mb3|mb4)?$/i;
const NAME = /^[A-Za-z0-9_]+$/;
const isAscii = (text: string): boolean => Buffer.byteLength(text, 'utf8') === text.length;

/**
 * Sets `context` on the target session before creating one object of
 * `database` (whose current collation is `currentCollation`), and returns
 * what puts the session and the database back. Our statements travel as
 * UTF-8: a non-UTF-8 character_set_client is set only when the statement is
 * ASCII (the same bytes in both); otherwise the object is created with
 * utf8mb4 and a warning says so. A database collation that changed since
 * the object was made is set for the creation only, as mariadb-dump does.
 */
export async function enterContext(
  target: Session, database: string, currentCollation: string, context: ProgramContext, statement: string,
  defaults: { sqlMode: string; label: string }, journal: CopyJournal,
): Promise<() => Promise<void>> {
  const [saved] = await target.rows('SELECT @@SESSION.character_set_client c, @@SESSION.collation_connection k');
  const restore: string[] = [
    `SET SESSION sql_mode = ${quoteString(defaults.sqlMode)}`, "SET time_zone = '+00:00'",
    `SET character_set_client = ${quoteString(String(saved?.['c']))}, collation_connection = ${quoteString(String(saved?.['k']))}`,
  ];
  const sets = [`SET SESSION sql_mode = ${quoteString(context.sqlMode ?? defaults.sqlMode)}`];
  if (context.timeZone) sets.push(`SET time_zone = ${quoteString(context.timeZone)}`);
  const client = context.characterSetClient;
  if (client && NAME.test(client) && (UTF8.test(client) || isAscii(statement))) {
    sets.push(`SET character_set_client = ${quoteString(client)}`);
  } else if (client) {
    journal.warn(`${defaults.label}: created with character_set_client utf8mb4 instead of ${client} (its text holds non-ASCII characters)`);
  }
  if (context.collationConnection && NAME.test(context.collationConnection)) {
    sets.push(`SET collation_connection = ${quoteString(context.collationConnection)}`);
  }
  const collation = context.databaseCollation;
  if (collation && NAME.test(collation) && collation !== currentCollation) {
    sets.push(`ALTER DATABASE ${quoteIdent(database)} COLLATE ${collation}`);
    restore.push(`ALTER DATABASE ${quoteIdent(database)} COLLATE ${currentCollation}`);
  }
  for (const sql of sets) await target.exec(sql);
  return async () => { for (const sql of restore) await target.exec(sql); };
}
