import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from '../../helpers/platform-config.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../../src/config/load-config.ts';
import type { Config } from '../../../src/config/schema.ts';
import type { RequestContext } from '../../../src/domain/identity.ts';
import { handleCommand, handlePress } from '../../../src/commands/dispatch.ts';
import type { Endpoint } from '../../../src/drivers/driver.ts';
import { ensurePermanentServer, LocalProvisioner } from '../../../src/drivers/mariadb/provisioners/local.ts';
import { DEFAULT_IMAGES_DIR } from '../../../src/drivers/mariadb/provisioners/local-image.ts';
import { openRuntime, makeLogger, type Runtime } from '../../../jobs/bootstrap.ts';
import { cleanupIsolatedEnv, isolatedEnv } from '../../helpers/isolated-env.ts';
import { RecordingChat } from '../../helpers/test-core.ts';
import { suiteDirs, suiteRun } from '../../helpers/suite-dirs.ts';

export const source: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
export const appPassword = 'live-app-password';
/** Accounts of the servers' own administrators (Debian's socket accounts, what the image makes besides the bot's admin). */
export const SOURCE_SUPERUSERS = ['root@localhost', 'mysql@localhost'];
export const TARGET_SUPERUSERS = ['migrate_bot@localhost', 'root@localhost', 'mysql@localhost'];

/**
 * Everything a run/rollback test needs of its own: a MariaDB 11.8 target on
 * a free port (started from the image, stopped at the end), an account
 * `acct` with two databases and a user named after the label (so test files
 * never touch the demo account or each other), a state database and a Redis
 * prefix, and the config file naming them (for child workers and the terminal).
 */
export interface LiveEnv {
  readonly label: string;
  readonly configPath: string;
  readonly config: Config;
  readonly env: ReturnType<typeof isolatedEnv>;
  readonly target: Endpoint;
  readonly databases: [string, string];
  readonly appUser: string;
  /** A runtime on this env's config, or on `config` (the same env with fields changed). */
  open(options?: { clock?: { now(): Date }; config?: Config }): Promise<Runtime & { chat: RecordingChat }>;
  dispose(): Promise<void>;
}

export interface LiveEnvOptions {
  readonly policy?: Record<string, unknown>;
  readonly cutoverHook?: Record<string, unknown>;
  readonly rollbackDays?: number;
  readonly oldCopyRetentionDays?: number;
  /** Databases and users (loaded by the test) the account has besides its own two and its app user, and its DEFINER mapping. */
  readonly extra?: { readonly databases: string[]; readonly users: string[]; readonly definers?: Record<string, string> };
  /** Accounts (loaded by the test) frozen with the account: `frozenWithAccount`. */
  readonly frozenWithAccount?: string[];
  /** Makes the migration testable on a temporary 11.8 from the image (provisioner local-11.8, as in the demo config, which cleanup reads). */
  readonly testable?: boolean;
}

export async function openLiveEnv(label: string, options: LiveEnvOptions = {}): Promise<LiveEnv> {
  const env = isolatedEnv(label);
  const port = await freePort();
  const dataDir = `${suiteDirs(suiteRun()).imageInner}/target-${label}-${port}`;
  const password = 'test-target-password';
  // The server runs as mysql inside the image: every directory above its own must be traversable.
  const parent = join(DEFAULT_IMAGES_DIR, 'mariadb-11.8', suiteDirs(suiteRun()).imageInner);
  await mkdir(parent, { recursive: true });
  await chmod(parent, 0o755);
  const started = await ensurePermanentServer({ image: 'mariadb-11.8', port, dataDir, adminPassword: password, bufferPoolBytes: 128 * 1024 * 1024 });
  const databases: [string, string] = [`lv_${label}_shop`, `lv_${label}_blog`];
  const appUser = `lv_${label}_app`;
  const dir = await mkdtemp(join(tmpdir(), `migrate-bot-${label}-`));
  const configPath = join(dir, 'config.yml');
  const yaml = {
    state: { url: env.MIGRATE_BOT_STATE_URL },
    redis: { url: 'redis://127.0.0.1:6379', prefix: env.MIGRATE_BOT_REDIS_PREFIX },
    locale: 'en',
    oldCopyRetentionDays: options.oldCopyRetentionDays ?? 7,
    admins: [{ shell: 'root' }],
    servers: [
      // The superusers besides the bot's admin, as in config/demo.yml: trusted not to write during a freeze.
      { id: 'local-10.11', host: '127.0.0.1', port: 3306, user: 'root', password: '', trustedWriters: SOURCE_SUPERUSERS },
      { id: 'target-11.8', host: '127.0.0.1', port, user: 'migrate_bot', password, managed: { image: 'mariadb-11.8', dataDir }, trustedWriters: TARGET_SUPERUSERS },
    ],
    ...(options.testable ? { provisioners: { 'local-11.8': { type: 'local', image: 'mariadb-11.8', workDir: env.MIGRATE_BOT_TEMP_DIR } } } : {}),
    migrations: [{
      id: 'm118', title: { en: 'MariaDB 10.11 to 11.8', fr: 'MariaDB 10.11 vers 11.8' }, from: ['10.11'], to: '11.8',
      docs: { en: 'https://mariadb.com/kb/en/upgrading/' },
      ...(options.testable ? { testable: true, temporary: { provisioner: 'local-11.8' } } : { testable: false }), target: 'target-11.8', rollbackDays: options.rollbackDays ?? 7,
      policy: options.policy ?? {}, ...(options.cutoverHook ? { cutoverHook: options.cutoverHook } : {}),
    }],
    accounts: [{
      id: 'acct', server: 'local-10.11', databases: [...databases, ...options.extra?.databases ?? []], users: [`${appUser}@%`, ...options.extra?.users ?? []],
      ...(options.extra?.definers ? { definers: options.extra.definers } : {}),
      ...(options.frozenWithAccount ? { frozenWithAccount: options.frozenWithAccount } : {}),
      channels: { shell: ['team'] },
      members: [{ shell: 'alice', role: 'owner' }, { shell: 'dave', role: 'owner' }, { shell: 'bob', role: 'operator' }, { shell: 'carol', role: 'viewer' }],
    }],
  };
  await writeFile(configPath, JSON.stringify(yaml, null, 2)); // JSON is YAML
  const config = await loadConfig(configPath, env);
  const stopTarget = async () => {
    await new LocalProvisioner({ workDir: '/tmp', image: 'mariadb-11.8' }).destroy(started.handle);
    await rm(join(DEFAULT_IMAGES_DIR, 'mariadb-11.8', dataDir), { recursive: true, force: true });
  };
  await seedAccount(databases, appUser).catch(async (error: unknown) => {
    await stopTarget();
    throw error;
  });
  const runtimes: Runtime[] = [];
  return {
    label, configPath, config, env, target: started.endpoint, databases, appUser,
    async open(opts = {}) {
      const runtime = await openRuntime(opts.config ?? config, { logger: makeLogger('warn'), ...(opts.clock ? { clock: opts.clock } : {}) });
      const chat = new RecordingChat();
      runtime.core.chat.register(chat);
      runtimes.push(runtime);
      return { ...runtime, chat };
    },
    async dispose() {
      for (const r of runtimes) await r.close().catch(() => undefined);
      await dropAccount(source, databases, appUser);
      await cleanupIsolatedEnv(env).catch(() => undefined);
      await stopTarget();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Two small databases: an integer-key table, a table without key, a composite key, a trigger, a view. */
async function seedAccount([shop, blog]: [string, string], appUser: string): Promise<void> {
  const c = await mysql.createConnection({ ...source, multipleStatements: true });
  try {
    await dropAccount(source, [shop, blog], appUser);
    await c.query(`CREATE DATABASE ${shop} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; CREATE DATABASE ${blog}; USE ${shop};
      CREATE TABLE ${shop}.orders (id INT AUTO_INCREMENT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL, note VARCHAR(100) NULL) ENGINE=InnoDB;
      CREATE TABLE ${shop}.audit (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL) ENGINE=InnoDB;
      CREATE USER '${appUser}'@'%' IDENTIFIED BY '${appPassword}';
      GRANT ALL PRIVILEGES ON ${shop}.* TO '${appUser}'@'%'; GRANT ALL PRIVILEGES ON ${blog}.* TO '${appUser}'@'%';
      CREATE DEFINER = '${appUser}'@'%' TRIGGER ${shop}.orders_audit AFTER INSERT ON ${shop}.orders FOR EACH ROW INSERT INTO ${shop}.audit (order_id) VALUES (NEW.id);
      CREATE TABLE ${shop}.tags (order_id INT NOT NULL, tag VARCHAR(20) NOT NULL, PRIMARY KEY (order_id, tag)) ENGINE=InnoDB;
      CREATE TABLE ${blog}.log (at DATETIME NOT NULL, line TEXT) ENGINE=InnoDB;
      CREATE DEFINER = '${appUser}'@'%' VIEW ${shop}.big_orders AS SELECT id, amount FROM ${shop}.orders WHERE amount > 500;
      INSERT INTO ${shop}.orders (amount, note) SELECT seq % 1000, IF(seq % 7 = 0, NULL, CONCAT('n', seq)) FROM seq_1_to_5000;
      INSERT INTO ${shop}.tags SELECT seq, ELT(1 + seq % 3, 'a', 'b', 'c') FROM seq_1_to_3000;
      INSERT INTO ${blog}.log SELECT '2024-01-01' + INTERVAL seq MINUTE, REPEAT('x', seq % 50) FROM seq_1_to_2000;`);
  } finally {
    await c.end();
  }
}

export async function dropAccount(endpoint: Endpoint, databases: readonly string[], appUser: string): Promise<void> {
  const c = await mysql.createConnection({ ...endpoint });
  try {
    for (const db of databases) await c.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await c.query(`DROP USER IF EXISTS '${appUser}'@'%'`);
  } finally {
    await c.end();
  }
}

/** Runs statements as the account's application user (as an application would). */
export async function asApp(endpoint: Endpoint, appUser: string, sql: string): Promise<void> {
  const c = await mysql.createConnection({ host: endpoint.host, port: endpoint.port, user: appUser, password: appPassword, multipleStatements: true });
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Whether the application user can log in (not locked) on a server. */
export async function canLogIn(endpoint: Endpoint, appUser: string): Promise<boolean> {
  try {
    const c = await mysql.createConnection({ host: endpoint.host, port: endpoint.port, user: appUser, password: appPassword, connectTimeout: 5000 });
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** Row count and checksum of every table of the databases, for comparing two servers. */
export async function fingerprint(endpoint: Endpoint, databases: readonly string[]): Promise<Record<string, string>> {
  const c = await mysql.createConnection({ ...endpoint });
  try {
    const out: Record<string, string> = {};
    const [tables] = await c.query<mysql.RowDataPacket[]>(
      `SELECT TABLE_SCHEMA d, TABLE_NAME t FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1, 2`, [databases]);
    for (const row of tables) {
      const name = `\`${String(row['d'])}\`.\`${String(row['t'])}\``;
      const [[count]] = await c.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) n FROM ${name}`) as unknown as [[mysql.RowDataPacket]];
      const [[crc]] = await c.query<mysql.RowDataPacket[]>(`SELECT SUM(CRC32(CONCAT_WS('#', ${await columnsOf(c, String(row['d']), String(row['t']))}))) s FROM ${name}`) as unknown as [[mysql.RowDataPacket]];
      out[`${String(row['d'])}.${String(row['t'])}`] = `${String(count['n'])}:${String(crc['s'])}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

async function columnsOf(c: mysql.Connection, db: string, table: string): Promise<string> {
  const [cols] = await c.query<mysql.RowDataPacket[]>('SELECT COLUMN_NAME n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [db, table]);
  return cols.map((r) => `IFNULL(CAST(\`${String(r['n'])}\` AS BINARY), 'NULL')`).join(', ');
}

export const as = (name: string, locale: 'en' | 'fr' = 'en'): RequestContext => ({ user: { platform: 'shell', id: name, name }, channelId: 'team', locale });

/** `/migrate run` (or rollback) as `user`, returning the Confirm button's action id from the reply. */
export async function requestConfirm(runtime: Runtime & { chat: RecordingChat }, user: string, command: string): Promise<string> {
  const before = runtime.chat.posts.length;
  await handleCommand(runtime.core, as(user), command);
  const reply = runtime.chat.posts.slice(before).find((p) => p.message.blocks.some((b) => b.type === 'actions'));
  const actions = reply?.message.blocks.find((b) => b.type === 'actions');
  const confirm = actions?.type === 'actions' ? actions.buttons.find((b) => b.style === 'danger') : undefined;
  if (!confirm) throw new Error(`no Confirm button in the answer to ${command}: ${runtime.chat.posts.slice(before).map((p) => p.message.text).join(' / ')}`);
  return confirm.actionId;
}

export { handlePress };

/** Waits until the operation reaches a final status. */
export async function settled(runtime: Runtime, id: string, ms = 120_000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const op = await runtime.core.store.operations.get(id);
    if (op && ['succeeded', 'failed', 'cancelled'].includes(op.status)) return op.status;
    if (Date.now() > until) throw new Error(`operation ${id} still ${op?.status} after ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs `npm run worker` on this test's config until it kills itself with SIGKILL at `step`. */
export function workerKilledAt(env: LiveEnv, step: string): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve, reject) => {
    // node --import tsx: one process, so the SIGKILL it sends itself is what we see (npx and tsx's CLI would wrap it).
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/worker-main.ts', '--config', env.configPath], {
      cwd: root, env: { ...env.env, MIGRATE_BOT_CRASH_AT_STEP: step, LOG_LEVEL: 'error' }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`worker did not crash at ${step}: ${stderr.slice(-500)}`)); }, 90_000);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve(signal ?? code); });
  });
}

/** A worker process (`npm run worker`) on this test's config, with its stderr kept; `extraEnv` adds variables (a crash point). */
export function spawnWorker(env: LiveEnv, extraEnv: Record<string, string> = {}): { child: ChildProcess; stderr: () => string; exited: Promise<NodeJS.Signals | number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/worker-main.ts', '--config', env.configPath], {
    cwd: root, env: { ...env.env, LOG_LEVEL: 'warn', ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return { child, stderr: () => stderr, exited };
}

/** Puts the account back on its old server, unfrozen, with no copy on the target (between cases). */
export async function resetToSource(live: LiveEnv): Promise<void> {
  const state = await mysql.createConnection(live.env.MIGRATE_BOT_STATE_URL);
  await state.query('DELETE FROM account_states');
  await state.end();
  const target = await mysql.createConnection({ ...live.target });
  for (const db of live.databases) await target.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await target.query(`DROP USER IF EXISTS '${live.appUser}'@'%'`);
  await target.end();
  const s = await mysql.createConnection({ ...source });
  await s.query(`ALTER USER '${live.appUser}'@'%' ACCOUNT UNLOCK`);
  await s.end();
}

