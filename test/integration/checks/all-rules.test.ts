/**
 * Every rule of the driver against one account that triggers them all and
 * one that triggers none (helpers/all-rules-account.ts), as `/migrate check`
 * runs them (checkAccount, all rules), in both directions. A rule that does
 * not fire here is either in NOT_TRIGGERED with its reason or a failure.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseUser, Endpoint } from '../../../src/drivers/driver.ts';
import type { CheckReport } from '../../../src/drivers/reports.ts';
import { checkAccount, ruleSet } from '../../../src/drivers/mariadb/checks/run-checks.ts';
import { allRules } from '../../../src/drivers/mariadb/checks/rules/index.ts';
import { NOT_TRIGGERED, openAllRulesAccount, type AllRulesAccount } from '../helpers/all-rules-account.ts';
import { misses } from '../helpers/all-rules-expected.ts';
import { buildRollbackAccounts } from '../helpers/all-rules-rollback.ts';

let account: AllRulesAccount;
let rollback: Awaited<ReturnType<typeof buildRollbackAccounts>>;

beforeAll(async () => {
  account = await openAllRulesAccount();
  rollback = await buildRollbackAccounts(account.target.endpoint, account.suffix);
}, 180_000);
afterAll(async () => { await account?.stop(); }, 60_000);

const check = (request: {
  source: Endpoint; target: Endpoint; databases: readonly string[]; users?: readonly DatabaseUser[]; from: string; to: string; direction: 'upgrade' | 'rollback';
}): Promise<CheckReport> => checkAccount({
  source: request.source, target: request.target, databases: request.databases, users: request.users ?? [],
  fromVersion: request.from, toVersion: request.to, direction: request.direction, disabledRules: [],
});
const upgrade = (part: AllRulesAccount['fixture' | 'clean']) => check({
  source: account.source.endpoint, target: account.target.endpoint, databases: part.databases, users: part.users,
  from: account.source.version, to: account.target.version, direction: 'upgrade',
});
const back = (database: string) => check({
  source: account.target.endpoint, target: account.source.endpoint, databases: [database],
  from: account.target.version, to: account.source.version, direction: 'rollback',
});

describe('the all-rules account, 10.11 to 11.8', () => {
  it('runs on the servers it was built for: the 11.8 folds names and runs in another system zone', async () => {
    const conn = await mysql.createConnection(account.target.endpoint);
    const [rows] = await conn.query('SELECT @@lower_case_table_names AS lc, @@system_time_zone AS tz, @@have_ssl AS tls').finally(() => conn.end());
    expect(rows).toEqual([{ lc: 1, tz: expect.stringMatching(/^CES?T$/) as unknown, tls: 'YES' }]);
    expect([account.source.version, account.target.version].map((v) => v.split('.').slice(0, 2).join('.'))).toEqual(['10.11', '11.8']);
  });

  it('fires every upgrade rule but the documented exceptions, each naming every object its fixture made for it, in under a second', async () => {
    await account.useTarget('fixture');
    const report = await upgrade(account.fixture);
    expect(report.targetRead).toBe(true);
    expect(report.findings.filter((f) => f.rule.endsWith('.failed'))).toEqual([]);
    const applicable = ruleSet(allRules, account.source.version, account.target.version, 'upgrade', []).map((r) => r.id);
    expect(report.rulesRun).toEqual(applicable);
    expect(Object.keys(NOT_TRIGGERED).every((id) => applicable.includes(id))).toBe(true);
    expect(report.findings.map((f) => f.rule).sort()).toEqual(applicable.filter((id) => !(id in NOT_TRIGGERED)).sort());
    // Every rule that fires has its expected objects written down.
    expect(Object.keys(account.fixture.expected).sort()).toEqual(report.findings.map((f) => f.rule).sort());
    expect(misses(report, account.fixture.expected)).toEqual({});
    expect(report.durationMs).toBeLessThan(1000);
  });

  it('finds nothing at all on the clean account, against the same 11.8 with the source\'s sql_mode, packet size and time zone', async () => {
    await account.useTarget('clean');
    const report = await upgrade(account.clean);
    expect(report.targetRead).toBe(true);
    expect(report.rulesRun.length).toBeGreaterThan(30);
    expect(report.findings).toEqual([]);
    // The fixture account still fires the rules that do not read those three settings: the clean account is clean by what it holds.
    const fixture = await upgrade(account.fixture);
    expect(fixture.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['target-lower-case-table-names', 'event-system-time-zone', 'target-character-set-server']));
    expect(fixture.findings.map((f) => f.rule)).not.toContain('target-sql-mode');
  });
});

describe('the all-rules account on 11.8, rolled back to 10.11', () => {
  it('fires every rollback rule, each naming its objects, and none of the upgrade rules', async () => {
    const report = await back(rollback.fixture);
    const applicable = ruleSet(allRules, account.target.version, account.source.version, 'rollback', []).map((r) => r.id);
    expect(report.rulesRun).toEqual(applicable);
    expect(report.findings.map((f) => f.rule).sort()).toEqual([...applicable].sort());
    expect(Object.keys(rollback.expected).sort()).toEqual([...applicable].sort());
    expect(misses(report, rollback.expected)).toEqual({});
    expect(report.durationMs).toBeLessThan(1000);
  });

  it('finds nothing on an 11.8 account 10.11 takes back whole', async () => {
    expect((await back(rollback.clean)).findings).toEqual([]);
  });
});
