import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESERVED_WORDS, reservedWords, reservedWordsInPrograms } from '../../../src/drivers/mariadb/checks/rules/reserved-words.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';
import { errnosOn, showCreate } from './replay.ts';

let server: TestServer;
let names: CheckFixture;
let programs: CheckFixture;
let clean: CheckFixture;
let cleanPrograms: CheckFixture;

beforeAll(async () => {
  server = await startImageServer('11.8');
  names = await checkFixture('rwn', rulesAFixtures['reserved-words']?.triggers ?? []);
  programs = await checkFixture('rwp', rulesAFixtures['reserved-words-in-programs']?.triggers ?? []);
  clean = await checkFixture('rwc', rulesAFixtures['reserved-words']?.clean ?? []);
  cleanPrograms = await checkFixture('rwcp', rulesAFixtures['reserved-words-in-programs']?.clean ?? []);
});
afterAll(async () => {
  await Promise.all([names?.drop(), programs?.drop(), clean?.drop(), cleanPrograms?.drop()]);
  await server?.stop();
});

describe('the reserved word list', () => {
  it('holds words 11.8 refuses as a column name, and 10.11 accepts those reserved after 10.11', async () => {
    const create = RESERVED_WORDS.map((w) => `CREATE TABLE t_${w.word} (${w.word} INT)`);
    expect(await errnosOn(server.endpoint, 'chk_rw_words', create)).toEqual(RESERVED_WORDS.map(() => 1064));
    const later = RESERVED_WORDS.filter((w) => Number(w.since.split('.')[0]) >= 11);
    const host = await errnosOn(HOST_SOURCE, `chk_rw_words_${process.pid}`, later.map((w) => `CREATE TABLE t_${w.word} (${w.word} INT)`));
    await errnosOn(HOST_SOURCE, 'mysql', [`DROP DATABASE \`chk_rw_words_${process.pid}\``]);
    expect(host).toEqual(later.map(() => 0));
  });
});

describe('rule reserved-words', () => {
  it('names the tables, columns and routines named with a word 11.8 reserves', async () => {
    const report = await runRules([reservedWords], [names.database]);
    expect(report.findings[0]?.objects).toEqual([
      { database: names.database, object: 'vector', detail: 'VECTOR' },
      { database: names.database, object: 'vector', column: 'sql_before_gtids', detail: 'SQL_BEFORE_GTIDS' },
      { database: names.database, object: 'sql_after_gtids', detail: 'procedure SQL_AFTER_GTIDS' },
    ]);
  });

  it('finds only the words the migration crosses, and nothing on clean names', async () => {
    const to114 = await runRules([reservedWords], [names.database], { toVersion: '11.4' });
    expect(to114.findings[0]?.objects.map((o) => o.detail)).toEqual(['SQL_BEFORE_GTIDS', 'procedure SQL_AFTER_GTIDS']);
    expect((await runRules([reservedWords], [clean.database])).findings).toEqual([]);
  });
});

describe('rule reserved-words-in-programs', () => {
  it('points at the line of the body and the word of each unquoted use, parameters included', async () => {
    const report = await runRules([reservedWordsInPrograms], [programs.database, cleanPrograms.database]);
    expect(report.findings[0]?.severity).toBe('blocker');
    expect(report.findings[0]?.objects).toEqual([
      { database: programs.database, object: 'rw_param', detail: 'procedure parameter: VECTOR' },
      { database: programs.database, object: 'rw_body', line: 2, detail: 'procedure: VECTOR' },
      { database: programs.database, object: 'rw_body', line: 3, detail: 'procedure: VECTOR' },
      { database: programs.database, object: 'rw_trg', line: 1, detail: 'trigger: SQL_BEFORE_GTIDS' },
    ]);
  });

  it('flags exactly what 11.8 refuses to create: the flagged programs fail (1064), the clean ones are created', async () => {
    const flagged = await Promise.all([
      showCreate(programs.database, 'PROCEDURE', 'rw_body'), showCreate(programs.database, 'PROCEDURE', 'rw_param'),
      showCreate(programs.database, 'TRIGGER', 'rw_trg'),
    ]);
    const table = await showCreate(programs.database, 'TABLE', 'rw');
    expect(await errnosOn(server.endpoint, 'chk_rw_flagged', [table, ...flagged])).toEqual([0, 1064, 1064, 1064]);
    const passed = await Promise.all([showCreate(cleanPrograms.database, 'TABLE', 'rw'), showCreate(cleanPrograms.database, 'PROCEDURE', 'rw_ok')]);
    expect(await errnosOn(server.endpoint, 'chk_rw_clean', passed)).toEqual([0, 0]);
  });

  it('finds nothing when the migration reserves none of the words (11.8 to 11.8)', async () => {
    const report = await runRules([reservedWordsInPrograms], [programs.database], { fromVersion: '11.8', toVersion: '11.8' });
    expect(report.findings).toEqual([]);
  });
});
