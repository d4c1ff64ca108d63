import type { TableInfo } from './catalog.ts';
import type { Session } from './connections.ts';
import type { CopyJournal } from './failures.ts';
import { qualified } from './quote.ts';

/** Plain secondary keys left out of a table's creation, to be built once its rows are in. */
export type DeferredKeys = Map<TableInfo, string[]>;

const plainKey = /^ {2}KEY `/;

/**
 * Splits the plain (non-unique, B-tree) secondary keys out of a CREATE
 * TABLE: InnoDB builds an index from sorted rows much faster than it
 * maintains it row by row during a load. Unique, full-text and spatial keys
 * stay (they are cheap to keep or must hold from the start), and so does
 * every key of a database with foreign keys, which may need them.
 */
export function splitPlainKeys(create: string): { create: string; keys: string[] } {
  const lines = create.split('\n');
  const keys = lines.filter((line) => plainKey.test(line)).map((line) => line.trim().replace(/,$/, ''));
  if (keys.length === 0) return { create, keys };
  const kept = lines.filter((line) => !plainKey.test(line));
  // The last definition before the closing parenthesis must not end with a comma.
  const close = kept.findIndex((line) => line.startsWith(')'));
  const last = kept[close - 1];
  if (close > 0 && last !== undefined) kept[close - 1] = last.replace(/,$/, '');
  return { create: kept.join('\n'), keys };
}

/** True when any table of the database references or is referenced by a foreign key. */
export async function hasForeignKeys(session: Session, database: string): Promise<boolean> {
  const rows = await session.rows(
    'SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? OR UNIQUE_CONSTRAINT_SCHEMA = ? LIMIT 1', [database, database]);
  return rows.length > 0;
}

/** Builds one table's deferred keys with one ALTER TABLE and forgets them; a failure is recorded. */
export async function buildTableKeys(target: Session, table: TableInfo, deferred: DeferredKeys, journal: CopyJournal, signal?: AbortSignal): Promise<void> {
  const keys = deferred.get(table);
  if (!keys) return;
  deferred.delete(table);
  const statement = `ALTER TABLE ${qualified(table.database, table.name)} ${keys.map((k) => `ADD ${k}`).join(', ')}`;
  try {
    await target.exec(statement);
  } catch (error) {
    signal?.throwIfAborted();
    journal.fail({ database: table.database, object: table.name, kind: 'table', statement }, error);
  }
}
