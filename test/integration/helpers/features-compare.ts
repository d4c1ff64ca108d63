import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/endpoint.ts';

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

/** What SHOW CREATE prints that is not part of the definition: the table's next AUTO_INCREMENT value. */
function normalized(statement: string): string {
  return statement.replace(/ AUTO_INCREMENT=\d+/, '');
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
      UNION ALL SELECT 'trigger', trigger_name FROM information_schema.TRIGGERS WHERE trigger_schema = ?
      UNION ALL SELECT 'event', event_name FROM information_schema.EVENTS WHERE event_schema = ? ORDER BY 1, 2`,
    [database, database, database, database]);
    const definitions = new Map<string, string>();
    for (const object of objects) {
      const [kind, name] = [text(object['k']), text(object['n'])];
      const [show, column] = SHOW[kind] as [string, string];
      const [shown] = await rows(conn, `${show} ${q(database)}.${q(name)}`);
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
