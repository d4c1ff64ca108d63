import { chown, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../errors.ts';
import type { Endpoint } from '../../driver.ts';
import { copyHostsInto } from './local-image.ts';
import { innerPath, mysqlOwner, type LocalRuntime } from './local-runtime.ts';
import { isMariadbdFor, logTail, runToCompletion, spawnDetached, stopProcessGroup } from './mariadb-process.ts';
import { freePort, waitUntilReady } from './server-probe.ts';

/**
 * What the local provisioner stores to find a server again after a restart.
 * No password: handles go to the state database and to logs.
 */
export const localHandleSchema = z.object({
  provisioner: z.literal('local'),
  id: z.string(),
  pid: z.number().int(),
  port: z.number().int(),
  /** Host path of the server's directory (data/, log, socket, pid file). */
  dir: z.string().min(2),
  /** Root fs the server runs chrooted in; null for a host binary. */
  root: z.string().nullable(),
  /** "mariadb-11.8" or the host binary's path. */
  runtime: z.string(),
  /** A permanent server's data is kept when it is stopped. */
  permanent: z.boolean(),
});
export type LocalHandle = z.infer<typeof localHandleSchema>;

/** The file in a server directory that marks it as ours, so only ours is ever deleted. */
export const SERVER_MARKER = 'migrate-bot-server.json';

/** How to start one server in its directory. */
export interface LocalStart {
  readonly runtime: LocalRuntime;
  readonly dir: string;
  /** A fixed port, or 'free' to take one the kernel offers (retried if raced). */
  readonly port: number | 'free';
  readonly admin: { readonly user: string; readonly password: string };
  readonly bufferPoolBytes: number;
  /** Throwaway servers trade durability for load speed (MARIADB.md). */
  readonly throwaway: boolean;
  /** Options appended to the provisioner's own (validated by the caller). */
  readonly extraOptions?: readonly string[];
  /** The server's system time zone (TZ of mariadbd), validated by the caller. */
  readonly timeZone?: string;
  readonly server: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Creates `<dir>/data` with mariadb-install-db unless it already holds a system database. */
export async function initializeDataDir(runtime: LocalRuntime, dir: string, signal?: AbortSignal): Promise<void> {
  if (await exists(join(dir, 'data/mysql'))) return;
  const owner = await mysqlOwner(runtime);
  // Parents must stay traversable by the mysql user; only the server's own directory is private.
  await mkdir(dirname(dir), { recursive: true, mode: 0o755 });
  await mkdir(dir, { recursive: true, mode: 0o750 });
  await chown(dir, owner.uid, owner.gid);
  if (runtime.root !== undefined) await copyHostsInto(runtime.root);
  const args = ['--no-defaults', '--user=mysql', `--datadir=${innerPath(runtime, join(dir, 'data'))}`,
    '--auth-root-authentication-method=normal', '--skip-test-db', '--force'];
  const [command, ...rest] = runtime.root === undefined ? [runtime.installDb, ...args] : ['chroot', runtime.root, runtime.installDb, ...args];
  const result = await runToCompletion(command, rest, { ...(signal ? { signal } : {}), timeoutMs: 120_000 });
  await writeFile(join(dir, 'install-db.log'), result.output);
  if (result.code !== 0) {
    throw new UserError('install-db-failed', { server: runtime.label, log: result.output.trimEnd().split('\n').slice(-8).join('\n') });
  }
}

/**
 * Starts mariadbd detached on an initialized directory and waits until the
 * admin can log in. The admin is (re)created by an init file on every start,
 * so a restart always converges to the caller's password; the file is
 * removed as soon as the server is up. Returns pid, port and VERSION().
 */
export async function startLocalServer(start: LocalStart): Promise<{ pid: number; port: number; version: string; endpoint: Endpoint }> {
  for (let attempt = 1; ; attempt++) {
    const port = start.port === 'free' ? await freePort() : start.port;
    try {
      return await startOnce(start, port);
    } catch (error) {
      const raced = start.port === 'free' && attempt < 3 && /already in use/i.test(await logTail(join(start.dir, 'mariadbd.log'), 30));
      if (!raced) throw error;
    }
  }
}

async function startOnce(start: LocalStart, port: number): Promise<{ pid: number; port: number; version: string; endpoint: Endpoint }> {
  const { runtime, dir } = start;
  const inner = (path: string): string => innerPath(runtime, join(dir, path));
  const initFile = join(dir, 'init.sql');
  const owner = await mysqlOwner(runtime);
  await writeFile(initFile, initSql(start.admin.user, start.admin.password), { mode: 0o600 });
  await chown(initFile, owner.uid, owner.gid);
  const logFile = join(dir, 'mariadbd.log');
  try {
    const args = [
      '--user=mysql', `--datadir=${inner('data')}`, `--port=${port}`, '--bind-address=127.0.0.1',
      `--socket=${inner('mariadbd.sock')}`, `--pid-file=${inner('mariadbd.pid')}`, `--init-file=${inner('init.sql')}`,
      '--skip-name-resolve', '--local-infile=1', '--max-allowed-packet=1G',
      `--innodb-buffer-pool-size=${start.bufferPoolBytes}`,
      // Throwaway: no crash safety needed; autoinc lock mode 2 lets parallel loads into one AUTO_INCREMENT table run at once
      // (mode 1 holds a table lock for a whole LOAD DATA; safe here as there is no binary log).
      ...(start.throwaway ? ['--innodb-doublewrite=0', '--innodb-flush-log-at-trx-commit=0', '--skip-log-bin', '--innodb-autoinc-lock-mode=2'] : []),
      ...(start.extraOptions ?? []),
    ];
    const pid = spawnDetached({
      ...(runtime.root !== undefined ? { root: runtime.root } : {}), ...(start.timeZone !== undefined ? { timeZone: start.timeZone } : {}),
      binary: runtime.mariadbd, args, logFile,
    });
    const endpoint: Endpoint = { host: '127.0.0.1', port, user: start.admin.user, password: start.admin.password };
    try {
      const version = await waitUntilReady(endpoint, {
        server: start.server,
        timeoutMs: start.timeoutMs,
        isRunning: () => isMariadbdFor(pid, inner('data')),
        diagnostics: () => logTail(logFile),
        denialIsFinal: true,
        ...(start.signal ? { signal: start.signal } : {}),
      });
      return { pid, port, version, endpoint };
    } catch (error) {
      // Never leave a half-started server behind a failed start.
      await stopProcessGroup(pid, 5_000).catch(() => undefined);
      throw error;
    }
  } finally {
    await unlink(initFile).catch(() => undefined);
  }
}

// One statement per line: what --init-file accepts on every version.
function initSql(user: string, password: string): string {
  if (!/^[A-Za-z0-9_]{1,32}$/.test(user)) throw new UserError('provisioner-config', { problem: `admin user name "${user}" must be letters, digits or _` });
  const secret = `'${password.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const lines = [
    // install-db's passwordless root@127.0.0.1, root@::1 and root@<hostname> would let any local user in.
    "DELETE FROM mysql.global_priv WHERE User='root' AND Host<>'localhost';",
    "DELETE FROM mysql.proxies_priv WHERE User='root' AND Host<>'localhost';",
    'FLUSH PRIVILEGES;',
    `ALTER USER 'root'@'localhost' IDENTIFIED BY ${secret};`,
  ];
  for (const host of ['%', 'localhost']) {
    lines.push(`CREATE OR REPLACE USER '${user}'@'${host}' IDENTIFIED BY ${secret};`);
    lines.push(`GRANT ALL PRIVILEGES ON *.* TO '${user}'@'${host}' WITH GRANT OPTION;`);
    // PROXY ... WITH GRANT OPTION, as root@localhost has it: copying an account's PROXY grants needs it
    // (GRANT PROXY is refused in an init file, hence the row).
    lines.push(`REPLACE INTO mysql.proxies_priv (Host, User, Proxied_host, Proxied_user, With_grant) VALUES ('${host}', '${user}', '', '', 1);`);
  }
  lines.push('FLUSH PRIVILEGES;');
  return `${lines.join('\n')}\n`;
}

/** Buffer pool for `dataBytes` of data: a quarter more, kept within 128 MB..2 GB. */
export function bufferPoolFor(dataBytes: number): number {
  const mb = 1024 * 1024;
  const wanted = Math.ceil((dataBytes * 1.25) / mb) * mb;
  return Math.min(2048 * mb, Math.max(128 * mb, wanted));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
