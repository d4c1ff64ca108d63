/**
 * What the `/migrate check` end-to-end tests share: on the host's 10.11, a
 * database with a table without a primary key and one whose tables all
 * have keys; a config with three accounts (`acct` on the first, `clean` and
 * `strict` on the second; `strict` has requireCheck and approval), members
 * known on the terminal, Slack and Discord, and a migration whose target
 * server does not answer (its settings are then not compared, and nothing
 * is ever started); a state database and Redis prefix of their own.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { cleanupIsolatedEnv, isolatedEnv } from './isolated-env.ts';
import { freePort } from './platform-config.ts';
import { slackUsers } from './fake-slack-bot.ts';
import { discordUsers } from './fake-discord-bot.ts';

const host = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
/** A table whose name holds a link: every view must show it as text. */
export const linkTable = 'log <https://evil.example|click>';

export interface CheckEnv {
  readonly configPath: string;
  readonly env: ReturnType<typeof isolatedEnv>;
  /** Holds `orders` (a primary key), and `log` and `linkTable` (none). */
  readonly keyless: string;
  /** Holds only tables with a primary key. */
  readonly clean: string;
  dispose(): Promise<void>;
}

const member = (name: 'alice' | 'bob' | 'carol', role: string) => ({ shell: name, slack: slackUsers[name].id, discord: discordUsers[name].id, role });

/** What every check test's config starts with: its own state database and Redis prefix, English, root as admin, impersonation in the terminal. */
export function configBase(env: ReturnType<typeof isolatedEnv>) {
  return {
    state: { url: env.MIGRATE_BOT_STATE_URL },
    redis: { url: 'redis://127.0.0.1:6379', prefix: env.MIGRATE_BOT_REDIS_PREFIX },
    locale: 'en',
    admins: [{ shell: 'root' }],
    shell: { impersonation: true },
  };
}

export async function openCheckEnv(label: string): Promise<CheckEnv> {
  const env = isolatedEnv(label);
  const keyless = `ck_${label}_shop`;
  const clean = `ck_${label}_clean`;
  const c = await mysql.createConnection({ ...host, multipleStatements: true });
  try {
    await c.query(`DROP DATABASE IF EXISTS ${keyless}; DROP DATABASE IF EXISTS ${clean}; CREATE DATABASE ${keyless}; CREATE DATABASE ${clean};
      CREATE TABLE ${keyless}.orders (id INT AUTO_INCREMENT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL);
      CREATE TABLE ${keyless}.log (at DATETIME NOT NULL, line TEXT);
      INSERT INTO ${keyless}.log VALUES ('2024-01-01', 'a'), ('2024-01-02', 'b');
      CREATE TABLE ${keyless}.\`${linkTable}\` (v INT);
      CREATE TABLE ${clean}.items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL);
      CREATE TABLE ${clean}.tags (item INT NOT NULL, tag VARCHAR(20) NOT NULL, PRIMARY KEY (item, tag));`);
  } finally {
    await c.end();
  }
  const members = [member('alice', 'owner'), member('bob', 'operator'), member('carol', 'viewer')];
  const config = {
    ...configBase(env),
    servers: [
      // The server's superusers besides the bot's admin, as in config/demo.yml: a run refuses to freeze while others can write.
      { id: 'local-10.11', ...host, trustedWriters: ['root@localhost', 'mysql@localhost'] },
      // Nothing listens there: the check says so and compares nothing; the bot never starts it (not managed).
      { id: 'target-11.8', host: '127.0.0.1', port: await freePort(), user: 'migrate_bot', password: 'unused' },
    ],
    migrations: [{
      id: 'm118', title: { en: 'MariaDB 10.11 to 11.8', fr: 'MariaDB 10.11 vers 11.8' }, from: ['10.11'], to: '11.8',
      docs: { en: 'https://mariadb.com/kb/en/upgrading/' }, testable: false, target: 'target-11.8',
    }],
    accounts: [
      { id: 'acct', server: 'local-10.11', databases: [keyless], channels: { shell: ['terminal'] }, members },
      { id: 'clean', server: 'local-10.11', databases: [clean], members },
      { id: 'strict', server: 'local-10.11', databases: [clean], members, policy: { requireCheck: true, approval: true } },
    ],
  };
  const dir = await mkdtemp(join(tmpdir(), `migrate-bot-${label}-`));
  const configPath = join(dir, 'config.yml');
  await writeFile(configPath, JSON.stringify(config, null, 2)); // JSON is YAML
  return {
    configPath, env, keyless, clean,
    async dispose() {
      await cleanupIsolatedEnv(env).catch(() => undefined);
      const d = await mysql.createConnection({ ...host, multipleStatements: true });
      await d.query(`DROP DATABASE IF EXISTS ${keyless}; DROP DATABASE IF EXISTS ${clean};`).finally(() => d.end());
      await rm(dir, { recursive: true, force: true });
    },
  };
}
