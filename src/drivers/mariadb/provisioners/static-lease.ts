import type mysql from 'mysql2/promise';
import type { DatabaseUser } from '../../driver.ts';
import { unmarkedDatabases } from '../copy-mark.ts';

/**
 * The lease bookkeeping the static provisioner keeps inside each pool server:
 * `lease` holds at most one row (slot = 1) naming the test that owns the
 * server; `created` lists what that test created, to be dropped on destroy.
 */
export const LEASE_DB = 'migrate_bot_lease';

// Never dropped, whatever a caller recorded: the server would stop working
// or stop being a pool server.
const PROTECTED_DATABASES = new Set(['mysql', 'sys', 'information_schema', 'performance_schema', LEASE_DB]);
const PROTECTED_USERS = new Set(['root', 'mariadb.sys', 'mysql']);

/** Creates the lease database and tables when missing (idempotent, safe to race). */
export async function ensureLeaseSchema(connection: mysql.Connection): Promise<void> {
  await connection.query(`CREATE DATABASE IF NOT EXISTS ${LEASE_DB}`);
  await connection.query(`CREATE TABLE IF NOT EXISTS ${LEASE_DB}.lease (
    slot TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    spec_id VARCHAR(128) NOT NULL,
    holder VARCHAR(255) NOT NULL,
    leased_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
  ) ENGINE=InnoDB`);
  await connection.query(`CREATE TABLE IF NOT EXISTS ${LEASE_DB}.created (
    spec_id VARCHAR(128) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    name VARCHAR(128) NOT NULL,
    host VARCHAR(255) NOT NULL DEFAULT '',
    PRIMARY KEY (spec_id, kind, name, host)
  ) ENGINE=InnoDB`);
}

/** Databases and users recorded for `specId`. */
export async function readCreated(connection: mysql.Connection, specId: string): Promise<{ databases: string[]; users: DatabaseUser[] }> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT kind, name, host FROM ${LEASE_DB}.created WHERE spec_id = ? ORDER BY kind, name, host`, [specId]);
  return {
    databases: rows.filter((row) => row['kind'] === 'database').map((row) => String(row['name'])),
    users: rows.filter((row) => row['kind'] === 'user').map((row) => ({ user: String(row['name']), host: String(row['host']) })),
  };
}

/**
 * Drops what is recorded for `specId` plus `extra` (names a caller kept in
 * its handle), then forgets the records. Protected names, the pool's own
 * admin user, and databases without the bot's copy mark (someone's data:
 * a pool server may hold more than tests) are skipped.
 */
export async function dropCreated(
  connection: mysql.Connection,
  specId: string,
  extra: { databases: readonly string[]; users: readonly DatabaseUser[] },
  adminUser: string,
): Promise<void> {
  const recorded = await readCreated(connection, specId);
  const databases = new Set([...recorded.databases, ...extra.databases]);
  const unmarked = new Set(await unmarkedDatabases(async (sql, values) => (await connection.query<mysql.RowDataPacket[]>(sql, values))[0], [...databases]));
  for (const name of databases) {
    if (PROTECTED_DATABASES.has(name.toLowerCase()) || unmarked.has(name)) continue;
    await connection.query(`DROP DATABASE IF EXISTS \`${name.replace(/`/g, '``')}\``);
  }
  for (const user of [...recorded.users, ...extra.users]) {
    if (PROTECTED_USERS.has(user.user) || user.user === adminUser) continue;
    await connection.query('DROP USER IF EXISTS ?@?', [user.user, user.host]);
  }
  await connection.query(`DELETE FROM ${LEASE_DB}.created WHERE spec_id = ?`, [specId]);
}
