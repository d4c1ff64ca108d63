import { createServer, connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { describeEndpoint, type Endpoint } from '../../driver.ts';
import { UserError } from '../../../errors.ts';

/** A TCP port free on 127.0.0.1 right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/**
 * True when something on host:port speaks first within `timeoutMs`, as a
 * MySQL/MariaDB server does with its greeting. Needs no credentials, so a
 * handle without a password can still be checked. Never throws.
 */
export function portAnswers(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** What `waitUntilReady` needs besides the endpoint. */
export interface ReadyWait {
  /** Names the server in errors ("temporary server t-42", "target 127.0.0.1:3318"). */
  readonly server: string;
  readonly timeoutMs: number;
  /** Stops waiting at once when the server process has died. */
  readonly isRunning?: () => Promise<boolean>;
  /** Text shown when it never answered: usually the server log's tail. */
  readonly diagnostics?: () => Promise<string>;
  readonly signal?: AbortSignal;
  /**
   * Stop at the first "access denied": right when the user exists before the
   * port opens (our init file); wrong for servers that add users after.
   */
  readonly denialIsFinal?: boolean;
}

/**
 * Polls until `endpoint` accepts a login and returns the server's VERSION().
 * Throws UserError('server-not-ready') with the diagnostics (never the
 * password) when the server dies or the time runs out.
 */
export async function waitUntilReady(endpoint: Endpoint, wait: ReadyWait): Promise<string> {
  const deadline = Date.now() + wait.timeoutMs;
  let lastError = 'no answer';
  for (;;) {
    wait.signal?.throwIfAborted();
    try {
      return await serverVersion(endpoint);
    } catch (error) {
      lastError = describeConnectError(error);
      if (wait.denialIsFinal === true && (error as { errno?: number }).errno === 1045) break;
    }
    if (wait.isRunning && !(await wait.isRunning())) {
      lastError = 'the server process exited';
      break;
    }
    if (Date.now() >= deadline) break;
    await sleep(100);
  }
  throw new UserError('server-not-ready', {
    server: wait.server,
    address: describeEndpoint(endpoint),
    seconds: Math.round(wait.timeoutMs / 1000),
    reason: lastError,
    log: wait.diagnostics ? await wait.diagnostics() : '',
  });
}

/** One login, `SELECT VERSION()`, logout. */
export async function serverVersion(endpoint: Endpoint): Promise<string> {
  const connection = await mysql.createConnection({ ...endpoint, connectTimeout: 2_000 });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version');
    return String(rows[0]?.['version'] ?? '');
  } finally {
    await connection.end().catch(() => undefined);
  }
}

// mysql2 messages carry user and host, never the password; keep the code too.
function describeConnectError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ') || String(error);
}
