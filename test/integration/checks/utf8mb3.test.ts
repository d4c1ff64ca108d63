import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8mb3 } from '../../../src/drivers/mariadb/checks/rules/utf8mb3.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';

const fixture = rulesAFixtures['utf8mb3'];
let found: CheckFixture;
let clean: CheckFixture;

beforeAll(async () => {
  found = await checkFixture('u3', [...fixture?.triggers ?? [], 'CREATE VIEW u3_view AS SELECT name FROM u3']);
  clean = await checkFixture('u4', fixture?.clean ?? []);
});
afterAll(async () => { await Promise.all([found?.drop(), clean?.drop()]); });

describe('rule utf8mb3', () => {
  it('names utf8mb3 table defaults and columns, not the columns of views', async () => {
    const report = await runRules([utf8mb3], [found.database, clean.database]);
    expect(report.findings[0]?.severity).toBe('notice');
    expect(report.findings[0]?.objects).toEqual([
      { database: found.database, object: 'u3', detail: 'table default utf8mb3_general_ci' },
      { database: found.database, object: 'u3', column: 'name', detail: 'utf8mb3_general_ci' },
    ]);
  });

  it('finds nothing in utf8mb4 tables', async () => {
    expect((await runRules([utf8mb3], [clean.database])).findings).toEqual([]);
  });
});
