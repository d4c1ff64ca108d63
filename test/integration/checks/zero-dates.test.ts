import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zeroDates } from '../../../src/drivers/mariadb/checks/rules/zero-dates.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';
import { errnosOn } from './replay.ts';

const fixture = rulesAFixtures['zero-dates'];
let server: TestServer;
let found: CheckFixture;
let clean: CheckFixture;

beforeAll(async () => {
  server = await startImageServer('11.8');
  found = await checkFixture('zd', fixture?.triggers ?? []);
  clean = await checkFixture('zdc', fixture?.clean ?? []);
});
afterAll(async () => {
  await Promise.all([found?.drop(), clean?.drop()]);
  await server?.stop();
});

describe('rule zero-dates', () => {
  it('finds nothing against 11.8\'s default sql_mode, read from the target or assumed without one', async () => {
    expect((await runRules([zeroDates], [found.database], { target: server.endpoint })).findings).toEqual([]);
    expect((await runRules([zeroDates], [found.database])).findings).toEqual([]);
  });

  it('names zero defaults and zero values when the target\'s sql_mode refuses them', async () => {
    const strict = 'STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
    expect(await errnosOn(server.endpoint, 'mysql', [`SET GLOBAL sql_mode = '${strict}'`])).toEqual([0]);
    const report = await runRules([zeroDates], [found.database, clean.database], { target: server.endpoint });
    expect(report.findings[0]?.severity).toBe('warning');
    expect(report.findings[0]?.objects).toEqual([
      { database: found.database, object: 'zd', column: 'made', detail: "DEFAULT '0000-00-00 00:00:00'" },
      { database: found.database, object: 'zd', column: 'due', detail: "'2020-00-10'" },
    ]);
  });
});
