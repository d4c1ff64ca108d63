import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingEngines, nonTransactional } from '../../../src/drivers/mariadb/checks/rules/storage-engines.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { startHostServer, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';
import { errnosOn, showCreate } from './replay.ts';

let source: TestServer;
let target: TestServer;
let engines: CheckFixture;
let cleanEngines: CheckFixture;
let tables: CheckFixture;
let cleanTables: CheckFixture;

beforeAll(async () => {
  // The ARCHIVE plugin is installed for the fixture: on a 10.11 server of its own, never the shared one.
  [source, target] = await Promise.all([startHostServer(), startImageServer('11.8')]);
  engines = await checkFixture('me', rulesAFixtures['missing-engines']?.triggers ?? [], source.endpoint);
  cleanEngines = await checkFixture('mec', rulesAFixtures['missing-engines']?.clean ?? [], source.endpoint);
  tables = await checkFixture('nt', rulesAFixtures['non-transactional']?.triggers ?? [], source.endpoint);
  cleanTables = await checkFixture('ntc', rulesAFixtures['non-transactional']?.clean ?? [], source.endpoint);
});
afterAll(async () => { await Promise.all([source?.stop(), target?.stop()]); });

describe('rule non-transactional', () => {
  it('names the tables that are not InnoDB, with their engine', async () => {
    const report = await runRules([nonTransactional], [tables.database, cleanTables.database], { source: source.endpoint });
    expect(report.findings[0]?.objects).toEqual([
      { database: tables.database, object: 'nt_a', detail: 'Aria' },
      { database: tables.database, object: 'nt_m', detail: 'MyISAM' },
    ]);
    expect((await runRules([nonTransactional], [cleanTables.database], { source: source.endpoint })).findings).toEqual([]);
  });
});

describe('rule missing-engines', () => {
  it('names the tables whose engine the target does not offer, which the target indeed refuses (1286)', async () => {
    const report = await runRules([missingEngines], [engines.database, cleanEngines.database], { source: source.endpoint, target: target.endpoint });
    expect(report.findings[0]?.severity).toBe('blocker');
    expect(report.findings[0]?.objects).toEqual([{ database: engines.database, object: 'me', detail: 'ARCHIVE' }]);
    const ddl = [await showCreate(engines.database, 'TABLE', 'me', source.endpoint), await showCreate(cleanEngines.database, 'TABLE', 'me_csv', source.endpoint)];
    expect(await errnosOn(target.endpoint, 'chk_me', ['SET SESSION sql_mode = CONCAT(@@sql_mode, \',NO_ENGINE_SUBSTITUTION\')', ...ddl])).toEqual([0, 1286, 0]);
  });

  it('without a target, names plugin engines only', async () => {
    const report = await runRules([missingEngines], [engines.database, cleanEngines.database], { source: source.endpoint });
    expect(report.findings[0]?.objects).toEqual([{ database: engines.database, object: 'me', detail: 'ARCHIVE' }]);
    expect((await runRules([missingEngines], [cleanEngines.database], { source: source.endpoint, target: target.endpoint })).findings).toEqual([]);
  });
});
