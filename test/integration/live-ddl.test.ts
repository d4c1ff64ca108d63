import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MariadbDriver } from '../../src/drivers/mariadb/mariadb-driver.ts';
import type { Endpoint } from '../../src/drivers/driver.ts';
import { accountDefinitions, baseTables, eventStatuses, exactRows, objectDefinitions, query } from './helpers/features-compare.ts';
import { dropFeatures, loadFeatures, type FeaturesFixture } from './helpers/features-fixture.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from './helpers/copier-server.ts';

/**
 * A run and a rollback of the features fixture driven through the port as
 * the executors drive it (precopy, online pass, freeze, frozen pass), with
 * DDL landing on the side that is live between the online pass and the freeze.
 */
const suffix = randomBytes(3).toString('hex');
const driver = new MariadbDriver();
let fixture: FeaturesFixture;
let target: TestServer;
let definers: Record<string, string>;

/** `DEFINER=...` as SHOW CREATE prints an account in backticks or, under ANSI_QUOTES, double quotes. */
const clause = (account: string, quote: string): string => account.replace(/^(.*)@(.*)$/, `DEFINER=${quote}$1${quote}@${quote}$2${quote}`);
function mapped(definition: string): string {
  let out = definition;
  for (const [from, to] of Object.entries(definers)) for (const q of ['`', '"']) out = out.replace(clause(from, q), clause(to, q));
  return out;
}

/** A current row version ends at its server's largest TIMESTAMP: 2038 on 10.11, 2106 on 11.8. */
const END_OF_TIME = new Set(['2038-01-19 03:14:07.999999', '2106-02-07 06:28:15.999999']);
const versions = (rows: Record<string, unknown>[]): Record<string, unknown>[] =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && END_OF_TIME.has(v) ? 'current' : v])));

async function expectSameAccount(from: Endpoint, to: Endpoint, map: boolean): Promise<void> {
  const source = await objectDefinitions(from, fixture.database);
  const copy = await objectDefinitions(to, fixture.database);
  expect(Object.fromEntries(copy)).toEqual(Object.fromEntries([...source].map(([k, v]) => [k, map ? mapped(v) : v])));
  for (const table of await baseTables(from, fixture.database)) {
    const history = ['prices', 'contracts'].includes(table);
    expect(versions(await exactRows(to, fixture.database, table, history)), table).toEqual(versions(await exactRows(from, fixture.database, table, history)));
  }
}

beforeAll(async () => {
  fixture = await loadFeatures(HOST_SOURCE, suffix);
  definers = { ...fixture.definers, 'ghost_feature@%': `${fixture.users[0]?.user ?? ''}@%` };
  target = await startImageServer('11.8');
  // The run's precopy, as run-migration.ts makes it.
  const prepared = await driver.createUsersLocked(HOST_SOURCE, target.endpoint, fixture.users);
  const copy = await driver.copyAccount({
    source: HOST_SOURCE, target: target.endpoint, databases: [fixture.database], users: [], replaceExisting: true, definers, compareDefinitions: false,
  });
  expect(copy.failures).toEqual([]);
  expect((await driver.applyGrants(target.endpoint, prepared)).every((u) => u.ok)).toBe(true);
});

afterAll(async () => {
  await target?.stop();
  await dropFeatures(HOST_SOURCE, suffix);
});

describe('DDL during the live window', () => {
  it('run: a schema change on the source between the precopy and the freeze is recreated, reloaded into the new definition and verified', async () => {
    const sync = driver.liveSync(HOST_SOURCE, target.endpoint, [fixture.database], { users: fixture.users, definers });
    expect((await sync.onlinePass({})).ok).toBe(true);
    const db = `\`${fixture.database}\``;
    await query(HOST_SOURCE, `ALTER TABLE ${db}.exact_values ADD INDEX by_d (d),
      MODIFY latin1_text varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT 'none'`);
    await query(HOST_SOURCE, `UPDATE ${db}.exact_values SET latin1_text = 'żółw 🐢' WHERE id = 5`);
    await query(HOST_SOURCE, `ALTER TABLE ${db}.a_orders ADD CONSTRAINT label_not_empty CHECK (label <> ''), COMMENT 'orders'`);
    await query(HOST_SOURCE, `ALTER TABLE ${db}.ghosted ROW_FORMAT = REDUNDANT`);
    await query(HOST_SOURCE, `ALTER SEQUENCE ${db}.z_countdown MINVALUE -200`);
    await query(HOST_SOURCE, `CREATE OR REPLACE VIEW ${db}.a_order_labels AS SELECT id, UPPER(label) AS label FROM ${db}.a_orders`);
    await driver.freeze(HOST_SOURCE, fixture.users);
    const final = await sync.frozenPass({});
    expect(final.failures).toEqual([]);
    expect(final.ok).toBe(true);
    expect(final.tablesRecreated).toBeGreaterThanOrEqual(4);
    expect(final.warnings.filter((w) => w.includes('definition changed')).length).toBeGreaterThanOrEqual(4);
    await expectSameAccount(HOST_SOURCE, target.endpoint, true);
    // Recreated by the frozen pass, the copies of the events fire nowhere (the executor enables them at the unfreeze).
    const events = await eventStatuses(HOST_SOURCE, fixture.database);
    expect(events).toMatchObject({ ev_enabled: 'ENABLED', ev_slave: 'SLAVESIDE_DISABLED' });
    expect(await eventStatuses(target.endpoint, fixture.database)).toEqual({ ...events, ev_enabled: 'DISABLED' });
    // The pass dropped and recreated the routines, which drops the grants on them: they are back, for users and roles.
    const accounts = await accountDefinitions(target.endpoint, fixture.users, fixture.roles);
    expect(accounts).toEqual(await accountDefinitions(HOST_SOURCE, fixture.users, fixture.roles));
    expect(Object.values(accounts).join('\n')).toMatch(/GRANT EXECUTE ON PROCEDURE .* TO /);
    const [turtle] = await query(target.endpoint, `SELECT latin1_text t FROM ${db}.exact_values WHERE id = 5`);
    expect(turtle?.['t']).toBe('żółw 🐢');
  });

  it('rollback: a schema change on the new server during the rollback window is taken back, every definition and value identical', async () => {
    // After the cutover the account writes on the new server; the old copies stay locked.
    await driver.unfreeze(target.endpoint, fixture.users, []);
    const db = `\`${fixture.database}\``;
    await query(target.endpoint, `INSERT INTO ${db}.a_orders (label) VALUES ('after the run')`);
    await query(target.endpoint, `ALTER TABLE ${db}.exact_values DROP INDEX by_d, ADD INDEX by_f (f), MODIFY sjis_text varchar(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await query(target.endpoint, `UPDATE ${db}.exact_values SET sjis_text = 'ß→∑' WHERE id = 4`);
    await query(target.endpoint, `ALTER TABLE ${db}.a_orders ALTER label SET DEFAULT 'unnamed'`);
    await query(target.endpoint, `ALTER SEQUENCE ${db}.z_order_ids INCREMENT BY 11`);
    const back = driver.liveSync(target.endpoint, HOST_SOURCE, [fixture.database], { users: fixture.users });
    expect((await back.onlinePass({})).ok).toBe(true);
    await driver.freeze(target.endpoint, fixture.users);
    const final = await back.frozenPass({});
    expect(final.failures).toEqual([]);
    expect(final.ok).toBe(true);
    await expectSameAccount(target.endpoint, HOST_SOURCE, false);
    expect(await accountDefinitions(HOST_SOURCE, fixture.users, fixture.roles)).toEqual(await accountDefinitions(target.endpoint, fixture.users, fixture.roles));
    await driver.unfreeze(HOST_SOURCE, fixture.users, []);
  });
});
