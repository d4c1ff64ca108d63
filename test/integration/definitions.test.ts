import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyReport } from '../../src/drivers/reports.ts';
import { MariadbDriver } from '../../src/drivers/mariadb/mariadb-driver.ts';
import { compareDefinitions } from '../../src/drivers/mariadb/verify/compare-definitions.ts';
import { query } from './helpers/features-compare.ts';
import { dropFeatures, loadFeatures, type FeaturesFixture } from './helpers/features-fixture.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from './helpers/copier-server.ts';

const suffix = randomBytes(3).toString('hex');
let fixture: FeaturesFixture;
let target: TestServer;
let report: CopyReport;

beforeAll(async () => {
  fixture = await loadFeatures(HOST_SOURCE, suffix);
  await query(HOST_SOURCE, `CREATE TABLE \`${fixture.database}\`.counted (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB`);
  await query(HOST_SOURCE, `INSERT INTO \`${fixture.database}\`.counted VALUES (), (), ()`);
  target = await startImageServer('11.8');
  report = await new MariadbDriver().copyAccount({
    source: HOST_SOURCE, target: target.endpoint, databases: [fixture.database], users: fixture.users, replaceExisting: false, definers: fixture.definers,
  });
});

afterAll(async () => {
  await target?.stop();
  await dropFeatures(HOST_SOURCE, suffix);
});

describe('object definitions compared after a copy, 10.11 to 11.8', () => {
  it('finds every definition, sequence state, history and user of the fixture identical on 11.8 (normalized only as verify/normalize.ts says)', () => {
    // The one trigger whose DEFINER exists nowhere fails as such, not also as a definition.
    expect(report.failures.map((f) => [f.object, f.code])).toEqual([['ghosted_bi', 'definer-missing']]);
  });

  it('does not count a table\'s next AUTO_INCREMENT value as its definition', async () => {
    const counted = `\`${fixture.database}\`.counted`;
    const [before] = await query(target.endpoint, `SHOW CREATE TABLE ${counted}`);
    // A row written and removed on the copy moves its counter, not its definition.
    await query(target.endpoint, `INSERT INTO ${counted} VALUES ()`);
    await query(target.endpoint, `DELETE FROM ${counted} WHERE id = 4`);
    const [after] = await query(target.endpoint, `SHOW CREATE TABLE ${counted}`);
    expect(String(after?.['Create Table'])).toContain('AUTO_INCREMENT=5');
    expect(String(after?.['Create Table'])).not.toEqual(String(before?.['Create Table']));
    const failures = await compareDefinitions(HOST_SOURCE, target.endpoint, [fixture.database], fixture.users, fixture.definers);
    expect(failures.filter((f) => f.object !== 'ghosted_bi')).toEqual([]);
  });

  it('fails each object, sequence, history and user that differs, showing both definitions and never a password hash', async () => {
    const db = `\`${fixture.database}\``;
    await query(target.endpoint, `ALTER TABLE ${db}.exact_values ADD INDEX by_d (d)`);
    await query(target.endpoint, `ALTER SEQUENCE ${db}.z_countdown INCREMENT BY -7`);
    await query(target.endpoint, `DO NEXTVAL(${db}.z_order_ids)`);
    await query(target.endpoint, `DELETE HISTORY FROM ${db}.prices`);
    await query(target.endpoint, "SET PASSWORD FOR ?@'%' = PASSWORD('another')", [fixture.users[0]?.user]);
    const failures = await compareDefinitions(HOST_SOURCE, target.endpoint, [fixture.database], fixture.users, fixture.definers);
    const found = failures.filter((f) => f.object !== 'ghosted_bi').map((f) => [f.kind, f.object, f.code]);
    expect(found).toEqual([
      ['user', `${fixture.users[0]?.user}@%`, 'definition-mismatch'],
      ['row versions', 'prices', 'definition-mismatch'],
      ['sequence', 'z_countdown', 'definition-mismatch'],
      ['sequence state', 'z_order_ids', 'definition-mismatch'],
      ['table', 'exact_values', 'definition-mismatch'],
    ]);
    const table = failures.find((f) => f.object === 'exact_values');
    expect(table?.details['target']).toContain('KEY `by_d` (`d`)');
    expect(table?.details['source']).not.toContain('by_d');
    expect(String(table?.details['source']).length).toBeLessThan(200);
    const user = failures.find((f) => f.kind === 'user');
    expect(JSON.stringify(user)).not.toMatch(/\*[0-9A-F]{40}/);
  });
});
