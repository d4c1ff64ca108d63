import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollbackTimestamps2038 } from '../../../src/drivers/mariadb/checks/rules/rollback-types.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';
import { errnosOn } from './replay.ts';

// A rollback reads the account's current server: here an 11.8 holding what 10.11 cannot take back.
// (VECTOR columns are rollback-vector's, rules/rollback-vector.ts.)
let server: TestServer;
let found: CheckFixture;
let clean: CheckFixture;
const back = (s: TestServer) => ({ source: s.endpoint, fromVersion: '11.8', toVersion: '10.11', direction: 'rollback' as const });

beforeAll(async () => {
  server = await startImageServer('11.8');
  found = await checkFixture('rb', [...rulesAFixtures['rollback-vector-type']?.triggers ?? [], ...rulesAFixtures['rollback-timestamps-2038']?.triggers ?? [],
    'CREATE TABLE rsv (id INT PRIMARY KEY, at TIMESTAMP NULL) WITH SYSTEM VERSIONING', "INSERT INTO rsv VALUES (1, '2020-01-01 00:00:00')"], server.endpoint);
  clean = await checkFixture('rbc', [...rulesAFixtures['rollback-vector-type']?.clean ?? [], ...rulesAFixtures['rollback-timestamps-2038']?.clean ?? []], server.endpoint);
});
afterAll(async () => { await server?.stop(); });

describe('rule rollback-timestamps-2038', () => {
  it('names TIMESTAMP columns holding values after 2038-01-19 03:14:07 UTC, not the period of system-versioned rows', async () => {
    const report = await runRules([rollbackTimestamps2038], [found.database, clean.database], back(server));
    expect(report.findings[0]?.objects).toEqual([{ database: found.database, object: 'rt', column: 'at', detail: "'2040-01-01 00:00:00'" }]);
    // 10.11 refuses the value (1292 Incorrect datetime value) and takes the old limit.
    const db = `chk_rb_ts_${process.pid}`;
    try {
      expect(await errnosOn(HOST_SOURCE, db, ["SET time_zone = '+00:00'", "SET SESSION sql_mode = 'STRICT_TRANS_TABLES'", 'CREATE TABLE rt (at TIMESTAMP NULL)',
        "INSERT INTO rt VALUES ('2040-01-01 00:00:00')", "INSERT INTO rt VALUES ('2038-01-19 03:14:07')"])).toEqual([0, 0, 0, 1292, 0]);
    } finally {
      await errnosOn(HOST_SOURCE, 'mysql', [`DROP DATABASE IF EXISTS \`${db}\``]);
    }
  });

  it('finds nothing at the old limit itself', async () => {
    expect((await runRules([rollbackTimestamps2038], [clean.database], back(server))).findings).toEqual([]);
  });
});
