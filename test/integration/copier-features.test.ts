import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAccount } from '../../src/drivers/mariadb/copier/copy-account.ts';
import type { CopyReport } from '../../src/drivers/mariadb/copier/types.ts';
import { accountDefinitions, baseTables, exactRows, objectDefinitions, query } from './helpers/features-compare.ts';
import { dropFeatures, loadFeatures, type FeaturesFixture } from './helpers/features-fixture.ts';
import { HOST_SOURCE, startHostServer, startImageServer, type TestServer } from './helpers/copier-server.ts';

const suffix = randomBytes(3).toString('hex');
const VERSIONED = ['prices', 'contracts'];
const MAX_TIMESTAMP = 'COALESCE(FROM_UNIXTIME(4294967295.999999), FROM_UNIXTIME(2147483647.999999))';
let fixture: FeaturesFixture;
let target: TestServer;
let report: CopyReport;
let back: TestServer | undefined;

beforeAll(async () => {
  fixture = await loadFeatures(HOST_SOURCE, suffix);
  target = await startImageServer('11.8');
  report = await copyAccount({
    source: HOST_SOURCE, target: target.endpoint, databases: [fixture.database], users: fixture.users, parallelism: 3, definers: fixture.definers,
  });
});

afterAll(async () => {
  await target?.stop();
  await back?.stop();
  await dropFeatures(HOST_SOURCE, suffix);
});

describe('MariaDB features copied from 10.11 to 11.8', () => {
  it('fails only the trigger whose DEFINER exists nowhere, naming it, its account and what to do', () => {
    expect(report.failures.map((f) => [f.object, f.kind, f.errno])).toEqual([['ghosted_bi', 'trigger', 1449]]);
    expect(report.failures[0]?.message).toMatch(/ghosted_bi \(trigger\): its DEFINER ghost_feature@% does not exist on the target.*Create the account ghost_feature@%.*definers:/);
    expect(report.ok).toBe(false);
  });

  it('recreates every object with its exact definition', async () => {
    const [loader, app] = Object.entries(fixture.definers)[0] as [string, string];
    // Mapped definers are written with backticks (valid whatever the sql_mode); ANSI_QUOTES objects show double quotes.
    const [user, host] = loader.split('@') as [string, string];
    const asDefiner = (account: string): string => account.replace(/^(.*)@(.*)$/, 'DEFINER=`$1`@`$2`');
    const mapped = (definition: string): string => definition.replace(asDefiner(loader), asDefiner(app))
      .replace(`DEFINER="${user}"@"${host}"`, app.replace(/^(.*)@(.*)$/, 'DEFINER="$1"@"$2"'));
    const source = await objectDefinitions(HOST_SOURCE, fixture.database);
    const copy = await objectDefinitions(target.endpoint, fixture.database);
    expect(source.size).toBeGreaterThan(8);
    const expected = Object.fromEntries([...source].map(([k, v]) => [k, mapped(v)]));
    expect(Object.fromEntries(copy)).toEqual(expected);
  });

  it('keeps the order FOLLOWS and PRECEDES gave the triggers of one event', async () => {
    const shaped = `\`${fixture.database}\`.shaped`;
    await query(target.endpoint, `INSERT INTO ${shaped} (id, qty, price) VALUES (100, 1, 1)`);
    const [row] = await query(target.endpoint, `SELECT note FROM ${shaped} WHERE id = 100`);
    await query(target.endpoint, `DELETE FROM ${shaped} WHERE id = 100`);
    expect(row?.['note']).toBe('01234');
  });

  it('creates sequences with their options and state, before the tables whose DEFAULT uses them', async () => {
    for (const sequence of ['z_order_ids', 'z_countdown']) {
      const sql = `SELECT * FROM \`${fixture.database}\`.${sequence}`;
      expect(await query(target.endpoint, sql), sequence).toEqual(await query(HOST_SOURCE, sql));
    }
    const orders = `\`${fixture.database}\`.a_orders`;
    await query(target.endpoint, `INSERT INTO ${orders} (label) VALUES ('after copy')`);
    const [added] = await query(target.endpoint, `SELECT id, countdown FROM ${orders} WHERE label = 'after copy'`);
    await query(target.endpoint, `DELETE FROM ${orders} WHERE label = 'after copy'`);
    const [sourceMax] = await query(HOST_SOURCE, `SELECT MAX(id) id, MIN(countdown) c FROM ${orders}`);
    expect(BigInt(String(added?.['id']))).toBeGreaterThan(BigInt(String(sourceMax?.['id'])));
    expect(Number(added?.['countdown'])).toBeLessThan(Number(sourceMax?.['c']));
  });

  it('carries every value exactly (FLOAT, DOUBLE extremes, INET4/INET6/UUID, BIT, NUL bytes, charsets, zero dates)', async () => {
    const tables = await baseTables(HOST_SOURCE, fixture.database);
    expect(tables).toContain('exact_values');
    // System-versioned tables: compared with their history below.
    for (const table of tables.filter((t) => !VERSIONED.includes(t))) {
      expect(await exactRows(target.endpoint, fixture.database, table), table).toEqual(await exactRows(HOST_SOURCE, fixture.database, table));
    }
    const [first] = await exactRows(target.endpoint, fixture.database, 'exact_values');
    expect(first).toMatchObject({ f: '16777216', d: '1.7976931348623157e308' });
    expect(report.warnings.filter((w) => w.includes('load warning'))).toEqual([]);
  });

  it('copies system-versioned tables with their history, and verifies every row version', async () => {
    for (const [table, columns, start, end] of [['prices', 'id, amount', 'ROW_START', 'ROW_END'], ['contracts', 'id, holder, valid_from, valid_to', 'changed_at', 'replaced_at']] as const) {
      // A current row ends at the server's largest TIMESTAMP: 2038 on 10.11, 2106 on 11.8.
      const sql = `SELECT ${columns}, CAST(${start} AS CHAR) s, IF(${end} = ${MAX_TIMESTAMP}, 'current', CAST(${end} AS CHAR)) e
        FROM \`${fixture.database}\`.${table} FOR SYSTEM_TIME ALL ORDER BY ${columns}, s`;
      const source = await query(HOST_SOURCE, sql);
      expect(source.filter((r) => r['e'] !== 'current').length, table).toBeGreaterThan(0);
      expect(await query(target.endpoint, sql), table).toEqual(source);
      const current = `SELECT ${columns} FROM \`${fixture.database}\`.${table} ORDER BY ${columns}`;
      expect(await query(target.endpoint, current), table).toEqual(await query(HOST_SOURCE, current));
      const versions = await query(HOST_SOURCE, `SELECT COUNT(*) n FROM \`${fixture.database}\`.${table} FOR SYSTEM_TIME ALL`);
      expect(report.verification.find((v) => v.table === table), table).toMatchObject({ ok: true, sourceRows: Number(versions[0]?.['n']) });
    }
  });

  it('copies the users as the source has them, with every role they hold and no other role', async () => {
    const roles = [...fixture.roles, fixture.unrelatedRole];
    const source = await accountDefinitions(HOST_SOURCE, fixture.users, roles);
    const ro = source[`user ${fixture.users[1]?.user}@localhost`] ?? '';
    for (const feature of ['OR unix_socket', "REQUIRE ISSUER '/CN=features CA'", 'MAX_STATEMENT_TIME 2.5', 'ACCOUNT LOCK PASSWORD EXPIRE\nALTER USER',
      'WITH ADMIN OPTION', 'SET DEFAULT ROLE', 'GRANT PROXY ON', 'GRANT EXECUTE ON PROCEDURE', 'INSERT (`label`) ON', '"password_last_changed":0']) {
      expect(ro.replaceAll('\n', '\\n'), feature).toContain(feature.replaceAll('\n', '\\n'));
    }
    expect(source[`role ${fixture.unrelatedRole}`]).not.toBe('missing');
    expect(await accountDefinitions(target.endpoint, fixture.users, roles)).toEqual({ ...source, [`role ${fixture.unrelatedRole}`]: 'missing' });
    expect(report.users.map((u) => u.ok)).toEqual(fixture.users.map(() => true));
  });

  it('verifies every table and says how', async () => {
    const exact = report.verification.find((v) => v.table === 'exact_values');
    expect(exact?.ok).toBe(true);
    // A MERGE table's rows are its MyISAM tables' rows: verified there, said in a warning.
    const own = (await baseTables(HOST_SOURCE, fixture.database)).filter((t) => t !== 'eng_merge');
    expect(report.verification.map((v) => v.table).sort()).toEqual(own);
    expect(report.warnings.some((w) => w.includes('eng_merge is a MERGE table'))).toBe(true);
    for (const v of report.verification) {
      expect(v.ok, v.table).toBe(true);
      expect(['checksum-table', 'row-crc32', 'row-crc32-over-checksum-table']).toContain(v.algorithm);
    }
  });
});

describe('the same account copied back from 11.8 to 10.11 (the rollback direction)', () => {
  let backReport: CopyReport;
  beforeAll(async () => {
    back = await startHostServer();
    backReport = await copyAccount({ source: target.endpoint, target: back.endpoint, databases: [fixture.database], users: fixture.users, parallelism: 3 });
  });

  it('fails only the trigger whose DEFINER exists nowhere', () => {
    expect(backReport.failures.map((f) => [f.object, f.kind, f.errno])).toEqual([['ghosted_bi', 'trigger', 1449]]);
  });

  it('recreates every object, value, user and role as 11.8 has them', async () => {
    const backed = back as TestServer;
    expect(Object.fromEntries(await objectDefinitions(backed.endpoint, fixture.database))).toEqual(Object.fromEntries(await objectDefinitions(target.endpoint, fixture.database)));
    for (const table of (await baseTables(target.endpoint, fixture.database)).filter((t) => !VERSIONED.includes(t))) {
      expect(await exactRows(backed.endpoint, fixture.database, table), table).toEqual(await exactRows(target.endpoint, fixture.database, table));
    }
    expect(await accountDefinitions(backed.endpoint, fixture.users, fixture.roles)).toEqual(await accountDefinitions(HOST_SOURCE, fixture.users, fixture.roles));
    expect(backReport.verification.every((v) => v.ok)).toBe(true);
  });
});
