import mysql from 'mysql2/promise';
import type { DatabaseUser, Endpoint } from '../../../src/drivers/endpoint.ts';
import { loadSchema } from '../../fixtures/schemas/load.ts';

/** One load of the mariadb-features fixture: its database, the account's users, and the definer mapping its programs need. */
export interface FeaturesFixture {
  readonly database: string;
  readonly users: DatabaseUser[];
  /** The loader's own account (root@127.0.0.1, missing on targets) mapped to the account's application user. */
  readonly definers: Record<string, string>;
  readonly appPassword: string;
}

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
    return { database, users: [{ user: app, host: '%' }], definers: { [loader]: `${app}@%` }, appPassword };
  } finally {
    await conn.end();
  }
}

async function dropWith(conn: mysql.Connection, suffix: string): Promise<void> {
  const { database, app } = names(suffix);
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.query("DROP USER IF EXISTS ?@'%'", [app]);
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
