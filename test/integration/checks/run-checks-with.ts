import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { DatabaseUser, Endpoint } from '../../../src/drivers/driver.ts';
import type { AffectedObject, CheckReport } from '../../../src/drivers/reports.ts';
import { checkAccount } from '../../../src/drivers/mariadb/checks/run-checks.ts';
import type { Rule } from '../../../src/drivers/mariadb/checks/rule.ts';
import { checkFixture } from '../helpers/check-fixture.ts';
import { HOST_SOURCE } from '../helpers/copier-server.ts';
import { fixtureOf } from './fixture-chk-b.ts';

/** As runRules (helpers/check-fixture.ts), with the account's users too: the rules about logins and definers read them. */
export function runWith(rules: readonly Rule[], databases: readonly string[], options: {
  source?: Endpoint; target?: Endpoint | null; users?: readonly DatabaseUser[]; fromVersion?: string; toVersion?: string;
  definers?: Readonly<Record<string, string>>;
} = {}): Promise<CheckReport> {
  return checkAccount({
    source: options.source ?? HOST_SOURCE, target: options.target ?? null, databases, users: options.users ?? [],
    fromVersion: options.fromVersion ?? '10.11', toVersion: options.toVersion ?? '11.8', direction: 'upgrade', disabledRules: [],
    ...(options.definers ? { definers: options.definers } : {}),
  }, rules);
}

/** The objects of the only finding of a report, [] when it has none; throws on a rule that failed to run. */
export function objectsOf(report: CheckReport): AffectedObject[] {
  const failed = report.findings.find((f) => f.rule.endsWith('.failed'));
  if (failed) throw new Error(`${failed.rule}: ${failed.objects[0]?.detail ?? ''}`);
  if (report.findings.length > 1) throw new Error(`expected one finding, got ${report.findings.map((f) => f.rule).join(', ')}`);
  return report.findings[0]?.objects ?? [];
}

/** Runs statements on a server, one connection, in order. */
export async function onServer(server: Endpoint, statements: readonly string[]): Promise<void> {
  const conn = await mysql.createConnection({ ...server });
  try {
    for (const statement of statements) await conn.query(statement);
  } finally {
    await conn.end();
  }
}

/** A user name no other test uses ('chkb_<label>_<hex>'). */
export const uniqueUser = (label: string): string => `chkb_${label}_${randomBytes(3).toString('hex')}`;

/** 'user@host' strings as DatabaseUsers (the host is what follows the last '@'). */
export const asUsers = (accounts: readonly string[] = []): DatabaseUser[] =>
  accounts.map((a) => ({ user: a.slice(0, a.lastIndexOf('@')), host: a.slice(a.lastIndexOf('@') + 1) }));

/** A database built from the rule's fixture (fixture-chk-b.ts) on `server`, with its server-wide setup; `drop` undoes both. */
export async function ruleFixture(id: string, server: Endpoint = HOST_SOURCE, extra: readonly string[] = []): Promise<{
  database: string; users: DatabaseUser[]; suffix: string; drop(): Promise<void>;
}> {
  const suffix = randomBytes(3).toString('hex');
  const fixture = fixtureOf(id, suffix);
  const cleanup = (): Promise<void> => onServer(server, fixture.server?.cleanup ?? []);
  try {
    await onServer(server, fixture.server?.setup ?? []);
    const db = await checkFixture(id.replace(/-/g, '_').slice(0, 24), [...fixture.statements, ...extra], server);
    return { database: db.database, users: asUsers(fixture.users), suffix, drop: async () => { await db.drop(); await cleanup(); } };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
