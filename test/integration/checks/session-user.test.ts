import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionUser } from '../../../src/drivers/mariadb/checks/rules/session-user.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';

const fixture = rulesAFixtures['session-user-function'];
let found: CheckFixture;
let clean: CheckFixture;

beforeAll(async () => {
  found = await checkFixture('su', fixture?.triggers ?? []);
  clean = await checkFixture('suc', fixture?.clean ?? []);
});
afterAll(async () => { await Promise.all([found?.drop(), clean?.drop()]); });

describe('rule session-user-function', () => {
  it('names the programs that call SESSION_USER(), at their line', async () => {
    const report = await runRules([sessionUser], [found.database, clean.database]);
    expect(report.findings[0]?.severity).toBe('warning');
    expect(report.findings[0]?.objects).toEqual([{ database: found.database, object: 'su_who', line: 1, detail: 'trigger: SESSION_USER()' }]);
  });

  it('does not run for a migration that stays before 11.7, and passes USER()', async () => {
    expect((await runRules([sessionUser], [found.database], { toVersion: '11.4' })).rulesRun).toEqual([]);
    expect((await runRules([sessionUser], [clean.database])).findings).toEqual([]);
  });
});
