import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEPRECATED_FUNCTIONS, DEPRECATED_VARIABLES, REMOVED_VARIABLES, deprecatedNames, removedVariables,
} from '../../../src/drivers/mariadb/checks/rules/removed-names.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';
import { errnosOn, showCreate } from './replay.ts';

let server: TestServer;
let removed: CheckFixture;
let deprecated: CheckFixture;
let clean: CheckFixture;

beforeAll(async () => {
  server = await startImageServer('11.8');
  removed = await checkFixture('rmv', rulesAFixtures['removed-variables']?.triggers ?? []);
  deprecated = await checkFixture('dep', rulesAFixtures['deprecated-names']?.triggers ?? []);
  clean = await checkFixture('rmc', [...rulesAFixtures['removed-variables']?.clean ?? [], ...rulesAFixtures['deprecated-names']?.clean ?? []]);
});
afterAll(async () => {
  await Promise.all([removed?.drop(), deprecated?.drop(), clean?.drop()]);
  await server?.stop();
});

describe('the name lists, on a real 11.8', () => {
  it('every removed variable is unknown there (1193)', async () => {
    const names = [...REMOVED_VARIABLES.keys()];
    expect(await errnosOn(server.endpoint, 'chk_rm_lists', names.map((n) => `SELECT @@${n}`))).toEqual(names.map(() => 1193));
  });
  it('every deprecated variable and function still exists there', async () => {
    const statements = [...[...DEPRECATED_VARIABLES.keys()].map((n) => `SELECT @@${n}`), ...[...DEPRECATED_FUNCTIONS.keys()].map((f) => `SELECT ${f}('x')`)];
    expect(await errnosOn(server.endpoint, 'chk_rm_lists', statements)).toEqual(statements.map(() => 0));
  });
});

describe('rule removed-variables', () => {
  it('names each removed variable a program reads or sets, with its line', async () => {
    const report = await runRules([removedVariables], [removed.database, clean.database]);
    expect(report.findings[0]?.severity).toBe('blocker');
    expect(report.findings[0]?.objects).toEqual([
      { database: removed.database, object: 'rv_read', line: 1, detail: 'procedure: @@date_format' },
      { database: removed.database, object: 'rv_read', line: 1, detail: 'procedure: @@innodb_change_buffering' },
      { database: removed.database, object: 'rv_set', line: 2, detail: 'procedure: old_alter_table' },
    ]);
  });

  it('flags what 11.8 refuses to create (1193) and passes what it creates', async () => {
    const flagged = await Promise.all(['rv_read', 'rv_set'].map((p) => showCreate(removed.database, 'PROCEDURE', p)));
    expect(await errnosOn(server.endpoint, 'chk_rm_flagged', flagged)).toEqual([1193, 1193]);
    const passed = [await showCreate(clean.database, 'TABLE', 'rv'), await showCreate(clean.database, 'PROCEDURE', 'rv_ok')];
    expect(await errnosOn(server.endpoint, 'chk_rm_clean', passed)).toEqual([0, 0]);
  });

  it('finds nothing for a target that still has the variables (10.11 to 10.11)', async () => {
    const report = await runRules([removedVariables], [removed.database], { toVersion: '10.11' });
    expect(report.findings).toEqual([]);
  });
});

describe('rule deprecated-names', () => {
  it('names deprecated variables and functions with their replacement', async () => {
    const report = await runRules([deprecatedNames], [deprecated.database, clean.database]);
    expect(report.findings[0]?.severity).toBe('notice');
    expect(report.findings[0]?.objects).toEqual([
      { database: deprecated.database, object: 'dn', line: 2, detail: 'procedure: tx_isolation → transaction_isolation' },
      { database: deprecated.database, object: 'dn', line: 3, detail: 'procedure: des_encrypt() → aes_encrypt / aes_decrypt' },
    ]);
  });

  it('leaves tx_isolation alone for a target that has not deprecated it (10.11)', async () => {
    const report = await runRules([deprecatedNames], [deprecated.database], { toVersion: '10.11' });
    expect(report.findings[0]?.objects.map((o) => o.detail)).toEqual(['procedure: des_encrypt() → aes_encrypt / aes_decrypt']);
  });
});
