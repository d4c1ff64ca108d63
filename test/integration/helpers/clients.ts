import net from 'node:net';
import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/driver.ts';

/**
 * A connection as `user` to `server` from the loopback address `from`
 * (127.0.0.2, 127.0.0.3...: Linux routes all of 127/8 to lo), so one machine
 * can play clients of several hosts; `from` 'socket' connects through the server's
 * Unix socket (the client is then `localhost`).
 */
export function connectAs(server: Endpoint, user: string, password: string, from = '127.0.0.1', socketPath = '/run/mysqld/mysqld.sock'): Promise<mysql.Connection> {
  if (from === 'socket') return mysql.createConnection({ socketPath, user, password });
  return mysql.createConnection({ user, password, stream: () => net.connect({ host: server.host, port: server.port, localAddress: from }) });
}

/** Whether a connection still answers (a killed one does not). */
export async function alive(connection: mysql.Connection): Promise<boolean> {
  try {
    await connection.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

export interface LoopWriter {
  /** The values this writer's INSERTs committed (the server answered OK). */
  readonly committed: number[];
  /** Statements or logins that failed (a killed connection, a locked account). */
  readonly errors: () => number;
  stop(): Promise<void>;
}

/**
 * An application's writer: INSERTs `(writer, n)` into `table` in a loop,
 * each on autocommit, a fresh n per attempt; after an error it logs in
 * again (as an application would), 50 ms later.
 */
export function startWriter(server: Endpoint, user: string, password: string, table: string, writer: string, from = '127.0.0.1'): LoopWriter {
  const committed: number[] = [];
  let errors = 0;
  let stopped = false;
  let n = 0;
  const loop = (async () => {
    let connection: mysql.Connection | null = null;
    while (!stopped) {
      try {
        connection ??= await connectAs(server, user, password, from);
        const value = ++n;
        await connection.query(`INSERT INTO ${table} (writer, n) VALUES (?, ?)`, [writer, value]);
        committed.push(value);
        await new Promise((resolve) => setTimeout(resolve, 5));
      } catch {
        errors++;
        connection?.destroy();
        connection = null;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await connection?.end().catch(() => undefined);
  })();
  return { committed, errors: () => errors, stop: async () => { stopped = true; await loop; } };
}
