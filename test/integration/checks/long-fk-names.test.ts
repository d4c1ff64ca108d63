import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longFkNames } from '../../../src/drivers/mariadb/checks/rules/long-fk-names.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { HOST_SOURCE } from '../helpers/copier-server.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';
import { errnosOn, showCreate } from './replay.ts';

const fixture = rulesAFixtures['long-fk-names'];
const LONG = 'b'.repeat(64);
let found: CheckFixture;
let clean: CheckFixture;

beforeAll(async () => {
  found = await checkFixture('fk', fixture?.triggers ?? []);
  clean = await checkFixture('fkc', fixture?.clean ?? []);
});
afterAll(async () => { await Promise.all([found?.drop(), clean?.drop()]); });

describe('rule long-fk-names', () => {
  it('finds the 71-character key name a rename gave, which information_schema cuts to 64', async () => {
    const report = await runRules([longFkNames], [found.database, clean.database]);
    expect(report.findings[0]?.severity).toBe('blocker');
    expect(report.findings[0]?.objects).toEqual([{ database: found.database, object: LONG, detail: `${LONG}_ibfk_1 (71)` }]);
  });

  it('is right that such a table cannot be created again, and that a 64-character name can', async () => {
    const ddl = [await showCreate(found.database, 'TABLE', 'fkp'), await showCreate(found.database, 'TABLE', LONG)];
    const db = `chk_fk_replay_${process.pid}`;
    try {
      expect(await errnosOn(HOST_SOURCE, db, ddl)).toEqual([0, 1059]);
    } finally {
      await errnosOn(HOST_SOURCE, 'mysql', [`DROP DATABASE IF EXISTS \`${db}\``]);
    }
    const allowed = [await showCreate(clean.database, 'TABLE', 'fkp'), await showCreate(clean.database, 'TABLE', 'fkc')];
    try {
      expect(await errnosOn(HOST_SOURCE, db, allowed)).toEqual([0, 0]);
    } finally {
      await errnosOn(HOST_SOURCE, 'mysql', [`DROP DATABASE IF EXISTS \`${db}\``]);
    }
    expect((await runRules([longFkNames], [clean.database])).findings).toEqual([]);
  });
});
