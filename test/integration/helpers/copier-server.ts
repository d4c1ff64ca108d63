import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/engine/endpoint.ts';

/** Where scripts/install-mariadb.sh puts version images. */
export const IMAGES_DIR = process.env['MIGRATE_BOT_IMAGES'] ?? '/var/cache/migrate-bot/images';

/** The host's own server, the source of every copier test. */
export const HOST_SOURCE: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** A throwaway server started by a copier test; `stop` kills it and removes its files. */
export interface TestServer {
  readonly endpoint: Endpoint;
  readonly version: string;
  stop(): Promise<void>;
}

// Flags of a temporary server tuned for bulk loads (see MARIADB.md).
const FAST_FLAGS = [
  '--local-infile=1', '--innodb-doublewrite=0', '--innodb-flush-log-at-trx-commit=0',
  '--skip-log-bin', '--innodb-buffer-pool-size=512M', '--skip-name-resolve',
  ...(process.env['COPIER_TEST_SERVER_FLAGS'] ?? '').split(' ').filter(Boolean),
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until root can log in; throws (never skips) when the server dies or stays silent. */
async function waitReady(child: ChildProcess, endpoint: Endpoint, output: () => string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`test server exited (${child.exitCode}): ${output()}`);
    try {
      const conn = await mysql.createConnection({ ...endpoint });
      const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
      await conn.end();
      return String(rows[0]?.['v']);
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`test server did not accept connections within 60 s: ${output()}`);
}

async function launch(command: string, args: string[], port: number, cleanup: () => void): Promise<TestServer> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => { log = (log + d.toString()).slice(-4000); });
  child.stderr?.on('data', (d: Buffer) => { log = (log + d.toString()).slice(-4000); });
  const endpoint: Endpoint = { host: '127.0.0.1', port, user: 'root', password: '' };
  let version: string;
  try {
    version = await waitReady(child, endpoint, () => log);
  } catch (error) {
    cleanup();
    throw error;
  }
  return {
    endpoint,
    version,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      cleanup();
    },
  };
}

/** Starts the host's MariaDB binary (10.11 here) on a free port with a fresh data dir. */
export async function startHostServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'copier-db-'));
  const data = join(dir, 'data');
  execFileSync('chown', ['mysql:mysql', dir]);
  execFileSync('mariadb-install-db', ['--no-defaults', '--user=mysql', `--datadir=${data}`,
    '--auth-root-authentication-method=normal', '--skip-test-db', '--force'], { stdio: 'pipe' });
  const port = await freePort();
  return launch('/usr/sbin/mariadbd', ['--no-defaults', '--user=mysql', `--datadir=${data}`, `--port=${port}`,
    '--bind-address=127.0.0.1', `--socket=${join(dir, 's.sock')}`, `--pid-file=${join(dir, 'pid')}`, ...FAST_FLAGS],
  port, () => rmSync(dir, { recursive: true, force: true }));
}

/** Starts MariaDB `version` from its chroot image; throws if the image is missing. */
export async function startImageServer(version: string): Promise<TestServer> {
  const image = join(IMAGES_DIR, `mariadb-${version}`);
  if (!existsSync(join(image, 'usr/sbin/mariadbd'))) {
    throw new Error(`MariaDB ${version} image missing in ${image}: run scripts/install-mariadb.sh ${version}`);
  }
  copyFileSync('/etc/hosts', join(image, 'etc/hosts'));
  const rel = `/srv/copier-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  mkdirSync(join(image, rel), { recursive: true });
  execFileSync('chroot', [image, 'chown', 'mysql:mysql', rel]);
  execFileSync('chroot', [image, 'mariadb-install-db', '--no-defaults', '--user=mysql', `--datadir=${rel}/data`,
    '--auth-root-authentication-method=normal', '--skip-test-db', '--force'], { stdio: 'pipe' });
  const port = await freePort();
  return launch('chroot', [image, 'mariadbd', '--no-defaults', '--user=mysql', `--datadir=${rel}/data`,
    `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${rel}/s.sock`, `--pid-file=${rel}/pid`, ...FAST_FLAGS],
  port, () => rmSync(join(image, rel), { recursive: true, force: true }));
}
