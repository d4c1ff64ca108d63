import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemVersioned } from '../../../src/drivers/mariadb/checks/rules/system-versioned.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';

const fixture = rulesAFixtures['system-versioned'];
let found: CheckFixture;
let clean: CheckFixture;

beforeAll(async () => {
  found = await checkFixture('sv', fixture?.triggers ?? []);
  clean = await checkFixture('nsv', fixture?.clean ?? []);
});
afterAll(async () => { await Promise.all([found?.drop(), clean?.drop()]); });

describe('rule system-versioned', () => {
  it('names system-versioned tables when the migration crosses 11.5', async () => {
    const report = await runRules([systemVersioned], [found.database, clean.database]);
    expect(report.findings[0]?.objects).toEqual([{ database: found.database, object: 'sv' }]);
  });

  it('does not run before 11.5, and finds nothing on plain tables', async () => {
    expect((await runRules([systemVersioned], [found.database], { toVersion: '11.4' })).rulesRun).toEqual([]);
    expect((await runRules([systemVersioned], [clean.database])).findings).toEqual([]);
  });
});
