import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/driver.ts';

/**
 * Reads a database object by object and value by value, independently of
 * the copier's own code, so a copy can be compared with its source.
 */

type Row = Record<string, unknown>;

async function withConnection<T>(endpoint: Endpoint, use: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ ...endpoint, charset: 'utf8mb4', dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    await conn.query("SET time_zone = '+00:00'");
    return await use(conn);
  } finally {
    await conn.end();
  }
}

const q = (s: string): string => '`' + s.replaceAll('`', '``') + '`';
const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : '');

async function rows(conn: mysql.Connection, sql: string, values: unknown[] = []): Promise<Row[]> {
  const [result] = await conn.query(sql, values);
  return result as Row[];
}

/**
 * What SHOW CREATE prints that is not part of the definition: the table's
 * next AUTO_INCREMENT value, and where INVISIBLE stands in a column (after
 * its DEFAULT on 10.11, before it on 11.8). Whether an event is enabled is
 * compared apart (eventStatuses): copies are created disabled, and a run
 * enables them on one server only.
 */
function normalized(statement: string): string {
  return statement.replace(/ AUTO_INCREMENT=\d+/, '').replace(/^(.*?) INVISIBLE(.*?)(,?)$/gm, '$1$2 INVISIBLE$3')
    .replace(/^(CREATE .*? EVENT .*? ON COMPLETION (?:NOT )?PRESERVE) ENABLE /s, '$1 DISABLE ');
}

/** Each event of `database` → its STATUS (ENABLED, DISABLED, SLAVESIDE_DISABLED). */
export function eventStatuses(endpoint: Endpoint, database: string): Promise<Record<string, string>> {
  return withConnection(endpoint, async (conn) => Object.fromEntries((await rows(conn,
    'SELECT EVENT_NAME n, STATUS s FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY 1', [database])).map((r) => [text(r['n']), text(r['s'])])));
}

const SHOW: Record<string, [string, string]> = {
  table: ['SHOW CREATE TABLE', 'Create Table'],
  sequence: ['SHOW CREATE SEQUENCE', 'Create Table'],
  view: ['SHOW CREATE VIEW', 'Create View'],
  procedure: ['SHOW CREATE PROCEDURE', 'Create Procedure'],
  function: ['SHOW CREATE FUNCTION', 'Create Function'],
  trigger: ['SHOW CREATE TRIGGER', 'SQL Original Statement'],
  event: ['SHOW CREATE EVENT', 'Create Event'],
};

/** Every object of `database` as `kind name` → its SHOW CREATE statement (normalized) and the context columns SHOW CREATE gives. */
export function objectDefinitions(endpoint: Endpoint, database: string): Promise<Map<string, string>> {
  return withConnection(endpoint, async (conn) => {
    const objects = await rows(conn, `
      SELECT IF(table_type = 'SEQUENCE', 'sequence', IF(table_type = 'VIEW', 'view', 'table')) k, table_name n FROM information_schema.TABLES WHERE table_schema = ?
      UNION ALL SELECT LOWER(routine_type), routine_name FROM information_schema.ROUTINES WHERE routine_schema = ?
      UNION ALL SELECT 'trigger', CONCAT(trigger_name, ' (', action_timing, ' ', event_manipulation, ' #', action_order, ')') FROM information_schema.TRIGGERS WHERE trigger_schema = ?
      UNION ALL SELECT 'event', event_name FROM information_schema.EVENTS WHERE event_schema = ? ORDER BY 1, 2`,
    [database, database, database, database]);
    const definitions = new Map<string, string>();
    for (const object of objects) {
      const [kind, name] = [text(object['k']), text(object['n'])];
      const [show, column] = SHOW[kind] as [string, string];
      // A trigger is listed with its place among the triggers of its event: FOLLOWS and PRECEDES set it.
      const [shown] = await rows(conn, `${show} ${q(database)}.${q(kind === 'trigger' ? name.replace(/ \(.*$/, '') : name)}`);
      const context = Object.entries(shown ?? {}).filter(([k]) => k !== column && !/^(Table|View|Procedure|Function|Trigger|Event|Created)$/.test(k))
        .map(([k, v]) => `${k}=${text(v)}`).join(' ');
      definitions.set(`${kind} ${name}`, `${normalized(text(shown?.[column]))}${context ? `\n-- ${context}` : ''}`);
    }
    return definitions;
  });
}

const AS_TEXT = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'double', 'year', 'date', 'datetime', 'timestamp', 'time']);

/**
 * Every row of a table, every column as an exact representation: FLOAT as
 * the DOUBLE it widens to (17 digits), numbers, dates and times as text,
 * everything else as the hex of its bytes. With `history`, every row version.
 */
export function exactRows(endpoint: Endpoint, database: string, table: string, history = false): Promise<Row[]> {
  return withConnection(endpoint, async (conn) => {
    const columns = await rows(conn, `SELECT column_name n, data_type t FROM information_schema.COLUMNS
      WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position`, [database, table]);
    const exprs = columns.map((c) => {
      const [name, type] = [q(text(c['n'])), text(c['t']).toLowerCase()];
      const expr = type === 'float' ? `CAST(${name} + 0E0 AS CHAR)` : AS_TEXT.has(type) ? `CAST(${name} AS CHAR)` : `HEX(${name})`;
      return `${expr} AS ${name}`;
    });
    const periods = history ? ' FOR SYSTEM_TIME ALL' : '';
    const order = exprs.map((_, i) => i + 1).join(', ');
    return rows(conn, `SELECT ${exprs.join(', ')} FROM ${q(database)}.${q(table)}${periods} ORDER BY ${order}`);
  });
}

/** The base tables (not sequences) of a database. */
export function baseTables(endpoint: Endpoint, database: string): Promise<string[]> {
  return withConnection(endpoint, async (conn) => (await rows(conn,
    "SELECT table_name n FROM information_schema.TABLES WHERE table_schema = ? AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY 1",
    [database])).map((r) => text(r['n'])));
}

/** Runs one query on `endpoint`. */
export function query(endpoint: Endpoint, sql: string, values: unknown[] = []): Promise<Row[]> {
  return withConnection(endpoint, (conn) => rows(conn, sql, values));
}

/** A global_priv JSON with its keys sorted, without `version_id` (the server version that wrote it). */
function privileges(json: unknown): string {
  // mysql2 parses the column itself when the server marks it as JSON.
  const parsed = { ...(typeof json === 'object' && json !== null && !Buffer.isBuffer(json) ? json : JSON.parse(text(json))) } as Record<string, unknown>;
  delete parsed['version_id'];
  return JSON.stringify(Object.fromEntries(Object.entries(parsed).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * Users and roles as `user@host` / `role name` → SHOW CREATE USER (every
 * statement), SHOW GRANTS (sorted) and the mysql.global_priv JSON, which
 * holds what SHOW does not print (when the password last changed); a name
 * missing on the server maps to 'missing'.
 */
export function accountDefinitions(endpoint: Endpoint, users: readonly { user: string; host: string }[], roles: readonly string[]): Promise<Record<string, string>> {
  return withConnection(endpoint, async (conn) => {
    const out: Record<string, string> = {};
    const subjects = [...users.map((u) => ({ key: `user ${u.user}@${u.host}`, ...u })), ...roles.map((r) => ({ key: `role ${r}`, user: r, host: '' }))];
    for (const { key, user, host } of subjects) {
      const [priv] = await rows(conn, 'SELECT Priv p FROM mysql.global_priv WHERE User = ? AND Host = ?', [user, host]);
      if (!priv) { out[key] = 'missing'; continue; }
      const account = host === '' ? conn.escape(user) : `${conn.escape(user)}@${conn.escape(host)}`;
      const create = host === '' ? [] : (await rows(conn, `SHOW CREATE USER ${account}`)).map((r) => text(Object.values(r)[0]));
      const grants = (await rows(conn, `SHOW GRANTS FOR ${account}`)).map((r) => text(Object.values(r)[0])).sort();
      out[key] = [...create, ...grants, privileges(priv['p'])].join('\n');
    }
    return out;
  });
}
