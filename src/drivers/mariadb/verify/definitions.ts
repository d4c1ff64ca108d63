import type { DatabaseUser } from '../../driver.ts';
import { cellText, type Session } from '../copier/connections.ts';
import { qualified } from '../copier/quote.ts';
import { normalized } from './normalize.ts';
import { readUserDefinitions } from './user-definitions.ts';

/**
 * The definitions of an account's objects as one server prints them, keyed
 * `database\0kind\0name`: every table's, view's, routine's, trigger's,
 * event's and sequence's normalized SHOW CREATE with the context the server
 * recorded with it (sql_mode, time zone, character sets and collations), a
 * sequence's state, a system-versioned table's count of row versions, and
 * each user's SHOW CREATE USER and sorted grants (key database ''). Two
 * servers holding the same account print the same map (see normalized).
 */
export type Definitions = Map<string, string>;

export const definitionKey = (database: string, kind: string, name: string): string => `${database}\u0000${kind}\u0000${name}`;

/** The statement column of each SHOW CREATE; its other columns (but `Created`) are the context recorded with the object. */
const SHOW: Record<string, { readonly show: string; readonly column: string }> = {
  table: { show: 'SHOW CREATE TABLE', column: 'Create Table' },
  sequence: { show: 'SHOW CREATE SEQUENCE', column: 'Create Table' },
  view: { show: 'SHOW CREATE VIEW', column: 'Create View' },
  procedure: { show: 'SHOW CREATE PROCEDURE', column: 'Create Procedure' },
  function: { show: 'SHOW CREATE FUNCTION', column: 'Create Function' },
  trigger: { show: 'SHOW CREATE TRIGGER', column: 'SQL Original Statement' },
  event: { show: 'SHOW CREATE EVENT', column: 'Create Event' },
};

/** Columns naming the object (already in the key) or when it was made (differs on every copy). */
const NOT_CONTEXT = /^(Table|View|Procedure|Function|Trigger|Event|Sequence|Created)$/;

/** One object's normalized SHOW CREATE and its recorded context (kind as in SHOW: 'table', 'sequence', 'view', 'trigger'...). */
export async function showCreate(session: Session, database: string, kind: string, name: string): Promise<string> {
  const how = SHOW[kind];
  if (!how) throw new Error(`no SHOW CREATE for ${kind}`);
  const [shown] = await session.rows(`${how.show} ${qualified(database, name)}`);
  const statement = cellText(shown?.[how.column]);
  if (statement === null) throw new Error(`${how.show} ${database}.${name} returned no statement (missing privilege?)`);
  const context = Object.entries(shown ?? {}).filter(([k]) => k !== how.column && !NOT_CONTEXT.test(k))
    .map(([k, v]) => `${k}=${cellText(v) ?? 'NULL'}`).sort().join(' ');
  const definition = normalized(statement, kind);
  return context ? `${definition}\n-- ${context}` : definition;
}

const OBJECTS_SQL = `
  SELECT table_schema d, IF(table_type = 'SEQUENCE', 'sequence', IF(table_type = 'VIEW', 'view', 'table')) k, table_name n,
    table_type = 'SYSTEM VERSIONED' h FROM information_schema.TABLES WHERE table_schema IN (?)
  UNION ALL SELECT routine_schema, LOWER(routine_type), routine_name, 0 FROM information_schema.ROUTINES WHERE routine_schema IN (?)
  UNION ALL SELECT trigger_schema, 'trigger', trigger_name, 0 FROM information_schema.TRIGGERS WHERE trigger_schema IN (?)
  UNION ALL SELECT event_schema, 'event', event_name, 0 FROM information_schema.EVENTS WHERE event_schema IN (?)`;

/** Reads the Definitions of `databases` and `users` on one server (see Definitions). */
export async function readDefinitions(session: Session, databases: readonly string[], users: readonly DatabaseUser[]): Promise<Definitions> {
  const definitions: Definitions = new Map();
  if (databases.length > 0) {
    const dbs = [...databases];
    const objects = await session.rows(OBJECTS_SQL, [dbs, dbs, dbs, dbs]);
    for (const object of objects) {
      const [database, kind, name] = [cellText(object['d']) ?? '', cellText(object['k']) ?? '', cellText(object['n']) ?? ''];
      definitions.set(definitionKey(database, kind, name), await showCreate(session, database, kind, name));
      if (kind === 'sequence') {
        // The state a copy must carry: where it resumes and how many times it cycled.
        const [state] = await session.rows(`SELECT CAST(next_not_cached_value AS CHAR) v, CAST(cycle_count AS CHAR) c FROM ${qualified(database, name)}`);
        definitions.set(definitionKey(database, 'sequence state', name), `next_not_cached_value=${cellText(state?.['v'])} cycle_count=${cellText(state?.['c'])}`);
      }
      if (cellText(object['h']) === '1') {
        const [count] = await session.rows(`SELECT COUNT(*) n FROM ${qualified(database, name)} FOR SYSTEM_TIME ALL`);
        definitions.set(definitionKey(database, 'row versions', name), cellText(count?.['n']) ?? '0');
      }
    }
  }
  for (const [key, value] of await readUserDefinitions(session, users)) definitions.set(key, value);
  return definitions;
}
