import mysql from 'mysql2/promise';
import type { DatabaseUser, Endpoint } from '../../driver.ts';
import { blogStatements } from './demo-blog.ts';
import { shopStatements } from './demo-shop.ts';

/** Options of {@link seedDemoAccount}. */
export interface SeedDemoOptions {
  /** Rows of the big table (`demo_shop.order_items`); other tables scale with it. Default 100 000. */
  readonly rows?: number;
  /** Password given to `demo_app` when the seed creates it. Default `demo-app-password`. */
  readonly password?: string;
  readonly logger?: { info(msg: string): void };
}

/** What {@link seedDemoAccount} left on the server. */
export interface SeedDemoResult {
  /** True when this call built the databases; false when a finished seed was already there. */
  readonly created: boolean;
  readonly databases: string[];
  readonly users: DatabaseUser[];
}

export const DEMO_DATABASES = ['demo_shop', 'demo_blog'] as const;
export const DEMO_USER = 'demo_app';
const DEMO_HOSTS = ['%', 'localhost'] as const;
const LOCK_NAME = 'migrate-bot.demo-seed';
/**
 * The completion marker is the database COMMENT (MariaDB 10.5+), so the demo
 * account carries no extra table. A database commented SEEDING is a seed that
 * died half-way and is ours to drop; one with any other comment is not ours.
 */
const SEEDING = 'migrate-bot demo account: seeding';
const SEEDED = 'migrate-bot demo account: seed v1';

/**
 * Creates the demo account (databases `demo_shop`, `demo_blog`, user
 * `demo_app` at '%' and 'localhost' with ALL PRIVILEGES on both) on `admin`'s
 * server. Idempotent: a finished seed is detected by its marker and left
 * untouched (only missing users are recreated). Concurrent callers are
 * serialised by a server-side GET_LOCK. Throws when a database of that name
 * exists but was not made by this seeder.
 */
export async function seedDemoAccount(admin: Endpoint, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const rows = opts.rows ?? 100_000;
  if (!Number.isInteger(rows) || rows < 50) throw new Error(`demo seed: rows must be an integer >= 50, got ${rows}`);
  const password = opts.password ?? 'demo-app-password';
  const log = (msg: string) => opts.logger?.info(msg);
  const conn = await mysql.createConnection({ ...admin, charset: 'utf8mb4_unicode_ci' });
  try {
    const [[lock]] = await conn.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, 300) AS got', [LOCK_NAME]);
    if (lock?.['got'] !== 1) throw new Error('demo seed: another seed holds the lock for more than 300 s');
    const users = DEMO_HOSTS.map((host) => ({ user: DEMO_USER, host }));
    const result = { databases: [...DEMO_DATABASES], users };
    const state = await markerState(conn);
    if (state === 'seeded') {
      await ensureUsers(conn, password, false);
      return { created: false, ...result };
    }
    const started = Date.now();
    log(`demo seed: building ${DEMO_DATABASES.join(', ')} with ${rows} rows`);
    for (const db of DEMO_DATABASES) {
      await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await conn.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci COMMENT ?`, [SEEDING]);
    }
    // Objects are defined by the account's own user, as on a real hosting account.
    await ensureUsers(conn, password, true);
    const definer = `\`${DEMO_USER}\`@\`localhost\``;
    await runAll(conn, 'demo_shop', shopStatements(definer, rows));
    await runAll(conn, 'demo_blog', blogStatements(rows));
    for (const db of DEMO_DATABASES) await conn.query(`ALTER DATABASE \`${db}\` COMMENT ?`, [SEEDED]);
    log(`demo seed: done in ${Date.now() - started} ms`);
    return { created: true, ...result };
  } finally {
    await conn.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]).catch(() => undefined);
    await conn.end();
  }
}

async function markerState(conn: mysql.Connection): Promise<'seeded' | 'absent'> {
  const [found] = await conn.query<mysql.RowDataPacket[]>(
    'SELECT SCHEMA_NAME AS name, SCHEMA_COMMENT AS comment FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)',
    [DEMO_DATABASES],
  );
  const foreign = found.filter((r) => r['comment'] !== SEEDING && r['comment'] !== SEEDED);
  if (foreign.length > 0) {
    const names = foreign.map((r) => String(r['name'])).join(', ');
    throw new Error(`demo seed: database ${names} exists and was not created by the demo seeder; drop it or rename it`);
  }
  const seeded = found.filter((r) => r['comment'] === SEEDED).length === DEMO_DATABASES.length;
  return seeded ? 'seeded' : 'absent';
}

/** `fresh`: the seed is (re)building, so the password is (re)set too. */
async function ensureUsers(conn: mysql.Connection, password: string, fresh: boolean): Promise<void> {
  const [existing] = await conn.query<mysql.RowDataPacket[]>('SELECT Host AS host FROM mysql.user WHERE User = ?', [DEMO_USER]);
  const present = new Set(existing.map((r) => String(r['host'])));
  for (const host of DEMO_HOSTS) {
    if (present.has(host) && !fresh) continue;
    if (present.has(host)) await conn.query('ALTER USER ?@? IDENTIFIED BY ?', [DEMO_USER, host, password]);
    else await conn.query('CREATE USER ?@? IDENTIFIED BY ?', [DEMO_USER, host, password]);
    for (const db of DEMO_DATABASES) await conn.query(`GRANT ALL PRIVILEGES ON \`${db}\`.* TO ?@?`, [DEMO_USER, host]);
  }
}

async function runAll(conn: mysql.Connection, database: string, statements: string[]): Promise<void> {
  await conn.query(`USE \`${database}\``);
  const mode = await conn.query<mysql.RowDataPacket[]>('SELECT @@SESSION.sql_mode AS m');
  try {
    for (const sql of statements) await conn.query(sql);
  } finally {
    await conn.query('SET SESSION sql_mode = ?', [mode[0][0]?.['m'] ?? '']);
  }
}
