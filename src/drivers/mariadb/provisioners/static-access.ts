import { createHash, randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { LEASE_DB } from './static-lease.ts';

/** A pool server's user for one test's requester. */
export interface TestAccess {
  readonly user: string;
  readonly password: string;
}

/** In GRANT ... ON `db`.*, `_` and `%` are wildcards: escaped, the grant names this database alone. */
const grantDatabase = (name: string): string => `\`${name.replace(/`/g, '``').replace(/[_%\\]/g, '\\$&')}\``;

/**
 * Creates (or recreates, with a new password) the requester's user of test
 * `specId` on a pool server: all privileges on the account's databases and
 * nothing else, so the pool's admin password is never handed out. The user
 * is recorded first, like everything a test creates, so destroy() drops it
 * even after a restart. One name per test (a hash of its id): calling this
 * again replaces the user rather than adding one.
 */
export async function createTestAccess(connection: mysql.Connection, specId: string, databases: readonly string[]): Promise<TestAccess> {
  const user = `mbt_${createHash('sha256').update(specId).digest('hex').slice(0, 12)}`;
  const password = randomBytes(18).toString('base64url');
  await connection.query(`INSERT IGNORE INTO ${LEASE_DB}.created (spec_id, kind, name, host) VALUES (?, 'user', ?, '%')`, [specId, user]);
  await connection.query("DROP USER IF EXISTS ?@'%'", [user]);
  await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user, password]);
  for (const database of databases) await connection.query(`GRANT ALL PRIVILEGES ON ${grantDatabase(database)}.* TO ?@'%'`, [user]);
  return { user, password };
}
