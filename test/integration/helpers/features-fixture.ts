import mysql from 'mysql2/promise';
import type { DatabaseUser, Endpoint } from '../../../src/drivers/endpoint.ts';
import { loadSchema } from '../../fixtures/schemas/load.ts';
import { createFeatureAccounts, dropFeatureAccounts } from './features-accounts.ts';

/** One load of the mariadb-features fixture: its database, the account's users, and the definer mapping its programs need. */
export interface FeaturesFixture {
  readonly database: string;
  readonly users: DatabaseUser[];
  /** The loader's own account (root@127.0.0.1, missing on targets) mapped to the account's application user. */
  readonly definers: Record<string, string>;
  readonly appPassword: string;
  /** The roles the users hold, and one of the server's roles they do not (not to be copied). */
  readonly roles: string[];
  readonly unrelatedRole: string;
}

/** root@localhost over the host server's socket: the one admin allowed to grant PROXY. */
const SOCKET_ADMIN = { socketPath: '/run/mysqld/mysqld.sock', user: 'root', charset: 'utf8mb4' };

const names = (suffix: string): { database: string; app: string } => ({ database: `features_${suffix}`, app: `features_app_${suffix}` });

/**
 * Loads test/fixtures/schemas/mariadb-features.sql into a database named
 * after `suffix` on `endpoint`, with the account's users; dropFeatures
 * removes them.
 */
export async function loadFeatures(endpoint: Endpoint, suffix: string): Promise<FeaturesFixture> {
  const { database, app } = names(suffix);
  const appPassword = "f3at'ures\\pw";
  const conn = await mysql.createConnection({ ...endpoint, charset: 'utf8mb4' });
  try {
    await dropWith(conn, suffix);
    await conn.query("SET time_zone = '+00:00'");
    await loadSchema(conn, 'mariadb-features', database);
    await conn.query("CREATE USER ?@'%' IDENTIFIED BY ?", [app, appPassword]);
    await conn.query(`GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE, TRIGGER, SHOW VIEW ON \`${database}\`.* TO ?@'%'`, [app]);
    const [who] = await conn.query('SELECT CURRENT_USER() u');
    const loader = String((who as { u: string }[])[0]?.u);
    const proxyAdmin = await mysql.createConnection(SOCKET_ADMIN);
    const accounts = await createFeatureAccounts(conn, proxyAdmin, suffix, database, { user: app, host: '%' }).finally(() => proxyAdmin.end());
    return {
      database, users: [{ user: app, host: '%' }, ...accounts.users], definers: { [loader]: `${app}@%` }, appPassword,
      roles: accounts.roles, unrelatedRole: accounts.unrelatedRole,
    };
  } finally {
    await conn.end();
  }
}

async function dropWith(conn: mysql.Connection, suffix: string): Promise<void> {
  const { database, app } = names(suffix);
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.query("DROP USER IF EXISTS ?@'%'", [app]);
  await dropFeatureAccounts(conn, suffix);
}

/** Drops what loadFeatures made (by name, so a half-made fixture goes too). */
export async function dropFeatures(endpoint: Endpoint, suffix: string): Promise<void> {
  const conn = await mysql.createConnection({ ...endpoint, charset: 'utf8mb4' });
  try {
    await dropWith(conn, suffix);
  } finally {
    await conn.end();
  }
}
