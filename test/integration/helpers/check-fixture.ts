import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/driver.ts';
import type { CheckReport } from '../../../src/drivers/reports.ts';
import { checkAccount } from '../../../src/drivers/mariadb/checks/run-checks.ts';
import type { Rule } from '../../../src/drivers/mariadb/checks/rule.ts';
import { HOST_SOURCE } from './copier-server.ts';

/** A database of its own on a server, made by `statements` (run in it), dropped by `drop`. */
export interface CheckFixture {
  readonly database: string;
  drop(): Promise<void>;
}

/** Creates `chk_<label>_<random>` on `server` (the host's 10.11 by default) and runs `statements` in it. */
export async function checkFixture(label: string, statements: readonly string[], server: Endpoint = HOST_SOURCE): Promise<CheckFixture> {
  const database = `chk_${label}_${randomBytes(3).toString('hex')}`;
  const conn = await mysql.createConnection({ ...server });
  try {
    await conn.query(`CREATE DATABASE \`${database}\``);
    await conn.query(`USE \`${database}\``);
    for (const statement of statements) await conn.query(statement);
  } finally {
    await conn.end();
  }
  return {
    database,
    async drop() {
      const c = await mysql.createConnection(server);
      try { await c.query(`DROP DATABASE IF EXISTS \`${database}\``); } finally { await c.end(); }
    },
  };
}

/** Runs only `rules` against `databases` as a migration from `fromVersion` to `toVersion` would. */
export function runRules(rules: readonly Rule[], databases: readonly string[], options: {
  source?: Endpoint; target?: Endpoint | null; fromVersion?: string; toVersion?: string; direction?: 'upgrade' | 'rollback';
} = {}): Promise<CheckReport> {
  return checkAccount({
    source: options.source ?? HOST_SOURCE, target: options.target ?? null, databases, users: [],
    fromVersion: options.fromVersion ?? '10.11', toVersion: options.toVersion ?? '11.8', direction: options.direction ?? 'upgrade', disabledRules: [],
  }, rules);
}
