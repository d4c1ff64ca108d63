import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../../src/config/load-config.ts';
import type { Endpoint } from '../../../src/drivers/driver.ts';
import { handleCommand } from '../../../src/commands/dispatch.ts';
import { executors } from '../../../src/operations/executors.ts';
import { runOperation } from '../../../src/operations/runner.ts';
import { destroyTemporaryServer } from '../../../src/operations/temporary-servers.ts';
import type { Operation } from '../../../src/state/operations-repo.ts';
import { openRuntime, makeLogger, type Runtime } from '../../../jobs/bootstrap.ts';
import { cleanupIsolatedEnv, isolatedEnv } from '../../helpers/isolated-env.ts';
import { RecordingChat } from '../../helpers/test-core.ts';
import { as } from './live-env.ts';

/** The host's MariaDB 10.11: where the guard tests' account lives ("production"). */
export const production: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** A TCP port forward to `to`: the same server under another address. */
export async function portForward(to: Endpoint): Promise<{ endpoint: Endpoint; close(): Promise<void> }> {
  const server: Server = createServer((client) => {
    const upstream = connect(to.port, to.host);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: { ...to, host: '127.0.0.1', port },
    close: () => new Promise((resolve) => { server.close(() => resolve()); }),
  };
}

/** Runs statements as root on a server. */
export async function sql(endpoint: Endpoint, text: string, values: unknown[] = []): Promise<mysql.RowDataPacket[]> {
  const c = await mysql.createConnection({ ...endpoint, multipleStatements: true });
  try {
    const [rows] = await c.query<mysql.RowDataPacket[]>(text, values);
    return rows;
  } finally {
    await c.end();
  }
}

/** Two small databases and an app user on production, named after the label. */
export async function seedGuardAccount(label: string): Promise<{ databases: [string, string]; user: string }> {
  const databases: [string, string] = [`gd_${label}_shop`, `gd_${label}_blog`];
  const user = `gd_${label}_app`;
  await dropGuardAccount(databases, user);
  await sql(production, `CREATE DATABASE ${databases[0]}; CREATE DATABASE ${databases[1]}; USE ${databases[0]};
    CREATE TABLE ${databases[0]}.orders (id INT PRIMARY KEY, amount INT NOT NULL);
    INSERT INTO ${databases[0]}.orders SELECT seq, seq * 3 FROM seq_1_to_500;
    CREATE TABLE ${databases[1]}.posts (id INT PRIMARY KEY, title VARCHAR(40));
    INSERT INTO ${databases[1]}.posts SELECT seq, CONCAT('post ', seq) FROM seq_1_to_50;
    CREATE USER '${user}'@'%' IDENTIFIED BY 'guard-app-password';
    GRANT ALL ON ${databases[0]}.* TO '${user}'@'%'; GRANT ALL ON ${databases[1]}.* TO '${user}'@'%';`);
  return { databases, user };
}

export async function dropGuardAccount(databases: readonly string[], user: string): Promise<void> {
  await sql(production, `${databases.map((d) => `DROP DATABASE IF EXISTS \`${d}\`;`).join(' ')} DROP USER IF EXISTS '${user}'@'%'`);
}

/** Table rows of databases on a server, to compare before and after. */
export async function contents(endpoint: Endpoint, databases: readonly string[]): Promise<string[]> {
  const rows = await sql(endpoint, `SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) t FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) ORDER BY 1`, [databases]);
  const out: string[] = [];
  for (const row of rows) {
    const [checksum] = await sql(endpoint, `CHECKSUM TABLE ${String(row['t']).split('.').map((p) => `\`${p}\``).join('.')}`);
    out.push(`${String(row['t'])}:${String(checksum?.['Checksum'])}`);
  }
  return out;
}

/**
 * A bot on its own state database whose account `acct` (the seeded
 * databases, on production) has one testable migration `rebuild` (10.11 to
 * 10.11) whose temporary servers come from a static pool of `pool`.
 */
export async function openGuardBot(label: string, account: { databases: readonly string[]; user: string }, pool: Endpoint) {
  const env = isolatedEnv(label);
  const dir = await mkdtemp(join(tmpdir(), `migrate-bot-${label}-`));
  const configPath = join(dir, 'config.yml');
  await writeFile(configPath, JSON.stringify({
    state: { url: env.MIGRATE_BOT_STATE_URL }, redis: { url: 'redis://127.0.0.1:6379', prefix: env.MIGRATE_BOT_REDIS_PREFIX },
    locale: 'en', admins: [{ shell: 'root' }],
    servers: [{ id: 'local-10.11', ...production }],
    provisioners: { pool: { type: 'static', pool: [{ ...pool, version: '10.11' }] } },
    migrations: [{
      id: 'rebuild', title: { en: 'Rebuild', fr: 'Reconstruction' }, from: ['10.11'], to: '10.11', docs: { en: 'https://mariadb.com/kb/en/upgrading/' },
      testable: true, temporary: { provisioner: 'pool', ttlHours: 1 },
    }],
    accounts: [{
      id: 'acct', server: 'local-10.11', databases: account.databases, users: [`${account.user}@%`], channels: { shell: ['team'] },
      members: [{ shell: 'alice', role: 'owner' }, { shell: 'bob', role: 'operator' }],
    }],
  }));
  const config = await loadConfig(configPath, env);
  const runtime: Runtime = await openRuntime(config, { logger: makeLogger('warn') });
  const chat = new RecordingChat();
  runtime.core.chat.register(chat);
  return {
    ...runtime, chat,
    /** `/migrate test rebuild acct` by `user` (in `locale`), run to its end by this process. */
    async test(user = 'alice', locale: 'en' | 'fr' = 'en'): Promise<Operation> {
      const id = (await handleCommand(runtime.core, as(user, locale), '/migrate test rebuild acct')).operations[0];
      if (!id) throw new Error(`no test started: ${chat.posts.at(-1)?.message.text ?? '-'}`);
      await runOperation(runtime.core, id, 'w-guards', executors);
      const op = await runtime.core.store.operations.get(id);
      if (!op) throw new Error(`operation ${id} vanished`);
      return op;
    },
    async dispose(): Promise<void> {
      // This bot's provisioner, unknown to the cleanup's demo config, gives its pool servers back.
      for (const row of await runtime.core.store.temporaryServers.live()) await destroyTemporaryServer(runtime.core, row);
      await runtime.close();
      await cleanupIsolatedEnv(env).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
