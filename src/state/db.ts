import { fileURLToPath } from 'node:url';
import { createPool, type Pool, type PoolOptions } from 'mysql2/promise';
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import * as schema from '../../drizzle/schema.ts';
import { ServiceUnreachableError } from '../errors.ts';

export type StateDb = MySql2Database<typeof schema>;

export interface StateDatabase {
  readonly db: StateDb;
  readonly pool: Pool;
  readonly name: string;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle/migrations', import.meta.url));

/** mysql://user:pass@host:port/db as mysql2 options; the password never reaches a message. */
export function parseMysqlUrl(url: string): PoolOptions & { database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'migrate_bot';
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Connects to the state database, creating it and applying the drizzle
 * migrations when needed. Unreachable server: ServiceUnreachableError.
 */
export async function openStateDatabase(url: string): Promise<StateDatabase> {
  const { database, ...server } = parseMysqlUrl(url);
  const options: PoolOptions = { ...server, timezone: 'Z', connectionLimit: 10, charset: 'utf8mb4' };
  const bootstrap = createPool({ ...options, connectionLimit: 1 });
  try {
    await bootstrap.query(`CREATE DATABASE IF NOT EXISTS \`${database.replace(/`/g, '``')}\` CHARACTER SET utf8mb4`);
  } catch (error) {
    throw ServiceUnreachableError.from(error, 'MariaDB (state database)', redactUrl(url), 'scripts/start-services.sh');
  } finally {
    await bootstrap.end();
  }
  const pool = createPool({ ...options, database });
  const db = drizzle({ client: pool, mode: 'default', schema });
  await migrate(db, { migrationsFolder });
  return { db, pool, name: database, close: () => pool.end() };
}
