import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noPrimaryKey } from '../../../src/drivers/mariadb/checks/rules/no-primary-key.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';

let fixture: CheckFixture;

beforeAll(async () => {
  fixture = await checkFixture('nopk', [
    'CREATE TABLE keyed (id INT PRIMARY KEY, v INT)',
    'CREATE TABLE unique_not_null (code CHAR(3) NOT NULL, UNIQUE KEY (code))',
    'CREATE TABLE unique_nullable (code CHAR(3) NULL, UNIQUE KEY (code))',
    'CREATE TABLE bare (v INT)',
    'CREATE VIEW a_view AS SELECT v FROM bare',
  ]);
});
afterAll(async () => { await fixture?.drop(); });

describe('rule no-primary-key', () => {
  it('names the tables that have neither a primary key nor a unique key on NOT NULL columns, and no view', async () => {
    const report = await runRules([noPrimaryKey], [fixture.database]);
    expect(report.rulesRun).toEqual(['no-primary-key']);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.objects).toEqual([
      { database: fixture.database, object: 'bare' },
      { database: fixture.database, object: 'unique_nullable' },
    ]);
  });

  it('finds nothing on a database whose tables all have keys', async () => {
    const clean = await checkFixture('nopk_clean', ['CREATE TABLE t (id INT PRIMARY KEY)']);
    try {
      expect((await runRules([noPrimaryKey], [clean.database])).findings).toEqual([]);
    } finally {
      await clean.drop();
    }
  });
});
