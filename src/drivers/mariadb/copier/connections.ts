import mysql from 'mysql2';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2';
import type { Connection as PromiseConnection, QueryOptions } from 'mysql2/promise';
import type { Endpoint } from '../../driver.ts';
import { UserError } from '../../../errors.ts';
import { describeEndpoint } from '../../driver.ts';

/** A row of a query run through `Session.rows`. */
export type Row = RowDataPacket;

/**
 * A column's value as text, null for SQL NULL. With the options of
 * `openSession` (dateStrings, bigNumberStrings) a value is a string, a number
 * or a Buffer (binary columns); anything else would be mistaken for text, so
 * it throws instead of becoming "[object Object]".
 */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  throw new TypeError(`a column value of type ${typeof value} is not text`);
}

/** The first column of a row as text ('' for none), as SHOW CREATE USER and SHOW GRANTS return it. */
export const firstCellText = (row: Row | undefined): string => cellText(Object.values(row ?? {})[0]) ?? '';

/**
 * One connection of the copier. `raw` is mysql2's callback connection (used
 * for streaming with backpressure), `sql` its promise view. Closing is
 * idempotent; an abort signal destroys the socket at once so a cancelled copy
 * does not wait for a long query.
 */
export class Session {
  readonly sql: PromiseConnection;
  private closed = false;
  /** Run once when the session is closed or destroyed (e.g. removing its abort listener). */
  private release: (() => void) | undefined;

  constructor(readonly raw: Connection, readonly label: string) {
    this.sql = raw.promise();
    // mysql2 emits fatal errors of an idle connection as events; unhandled they crash the process.
    raw.on('error', () => { this.closed = true; });
  }

  /** Rows of a query, as objects. */
  async rows(sql: string | QueryOptions, values?: unknown[]): Promise<Row[]> {
    const [rows] = await this.sql.query<Row[]>(sql as string, values);
    return rows;
  }

  /** Runs a statement that returns no rows. */
  async exec(sql: string | QueryOptions, values?: unknown[]): Promise<ResultSetHeader> {
    const [result] = await this.sql.query<ResultSetHeader>(sql as string, values);
    return result;
  }

  /** Registers what to undo when the session ends. */
  onEnd(release: () => void): void {
    this.release = release;
  }

  async close(): Promise<void> {
    this.runRelease();
    if (this.closed) return;
    this.closed = true;
    const ended = this.sql.end().catch(() => undefined);
    const timeout = new Promise<void>((r) => setTimeout(r, 2000).unref());
    await Promise.race([ended, timeout]);
    this.raw.destroy();
  }

  destroy(): void {
    this.runRelease();
    this.closed = true;
    this.raw.destroy();
  }

  private runRelease(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
  }
}

/** Session settings every copier connection shares, on both sides. */
const COMMON_SETUP = [
  // TIMESTAMP values travel as text: pin the zone so they never shift.
  "SET time_zone = '+00:00'",
  'SET SESSION group_concat_max_len = 1048576',
];

/**
 * Opens a connection. `setup` statements run right after connecting.
 * Connection failures become UserErrors naming the side and address only.
 */
export async function openSession(
  endpoint: Endpoint, side: 'source' | 'target', setup: readonly string[] = [], signal?: AbortSignal,
): Promise<Session> {
  signal?.throwIfAborted();
  const raw = mysql.createConnection({
    host: endpoint.host, port: endpoint.port, user: endpoint.user, password: endpoint.password,
    charset: 'utf8mb4',
    // mysql2 sets IGNORE_SPACE by default; it changes how DDL is parsed, so copy without it.
    flags: ['-IGNORE_SPACE', 'LOCAL_FILES'],
    supportBigNumbers: true, bigNumberStrings: true, dateStrings: true, decimalNumbers: false,
    multipleStatements: false, connectTimeout: 20_000,
  });
  const session = new Session(raw, `${side} ${describeEndpoint(endpoint)}`);
  const onAbort = (): void => session.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  // Removed as soon as the session is done, so long-lived signals do not collect one listener per session.
  const detach = (): void => signal?.removeEventListener('abort', onAbort);
  session.onEnd(detach);
  raw.once('end', detach);
  try {
    for (const statement of [...COMMON_SETUP, ...setup]) await session.exec(statement);
  } catch (error) {
    session.destroy();
    signal?.throwIfAborted();
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|ER_ACCESS_DENIED_ERROR)$/.test(code)) {
      throw new UserError(`copier.${side}-unreachable`, { address: describeEndpoint(endpoint), reason: code });
    }
    throw error;
  }
  return session;
}

/** Runs `fn` on each item with at most `limit` at a time; rejects on the first error thrown by `fn`. */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
