import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressedColumns, compressedSyntaxInPrograms } from '../../../src/drivers/mariadb/checks/rules/compressed-columns.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';
import { errnosOn, showCreate } from './replay.ts';

let server: TestServer;
let columns: CheckFixture;
let programs: CheckFixture;
let clean: CheckFixture;

beforeAll(async () => {
  server = await startImageServer('11.8');
  columns = await checkFixture('cc', rulesAFixtures['compressed-columns']?.triggers ?? []);
  programs = await checkFixture('cs', rulesAFixtures['compressed-syntax-in-programs']?.triggers ?? []);
  clean = await checkFixture('ccc', [...rulesAFixtures['compressed-columns']?.clean ?? [], ...rulesAFixtures['compressed-syntax-in-programs']?.clean ?? []]);
});
afterAll(async () => {
  await Promise.all([columns?.drop(), programs?.drop(), clean?.drop()]);
  await server?.stop();
});

describe('rule compressed-columns', () => {
  it('names compressed columns, whose SHOW CREATE TABLE 11.8 accepts', async () => {
    const report = await runRules([compressedColumns], [columns.database, clean.database]);
    expect(report.findings[0]?.objects).toEqual([{ database: columns.database, object: 'cc', column: 'body', detail: 'text /*M!100301 COMPRESSED*/' }]);
    expect(await errnosOn(server.endpoint, 'chk_cc', [await showCreate(columns.database, 'TABLE', 'cc')])).toEqual([0]);
  });

  it('does not run for a migration that stays before 11.5', async () => {
    expect((await runRules([compressedColumns], [columns.database], { toVersion: '11.4' })).rulesRun).toEqual([]);
  });
});

describe('rule compressed-syntax-in-programs', () => {
  it('points at COMPRESSED written after CHARACTER SET, which 11.8 cannot parse, and passes the accepted order', async () => {
    const report = await runRules([compressedSyntaxInPrograms], [programs.database, clean.database]);
    expect(report.findings[0]?.severity).toBe('blocker');
    expect(report.findings[0]?.objects).toEqual([{ database: programs.database, object: 'cs', line: 2, detail: 'procedure: ... COMPRESSED' }]);
    const flagged = await showCreate(programs.database, 'PROCEDURE', 'cs');
    const passed = await showCreate(clean.database, 'PROCEDURE', 'cs_ok');
    expect(await errnosOn(server.endpoint, 'chk_cs', [flagged, passed])).toEqual([1064, 0]);
  });
});
