import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optimizerCostModel } from '../../../src/drivers/mariadb/checks/rules/optimizer-cost-model.ts';
import { snapshotIsolation } from '../../../src/drivers/mariadb/checks/rules/snapshot-isolation.ts';
import { checkFixture } from '../helpers/check-fixture.ts';
import { startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { objectsOf, onServer, ruleFixture, runWith } from './run-checks-with.ts';

let target: TestServer;

beforeAll(async () => { target = await startImageServer('11.8'); });
afterAll(async () => { await target?.stop(); });

describe('rule snapshot-isolation', () => {
  it('reports the target\'s innodb_snapshot_isolation with the InnoDB tables the account\'s programs write', async () => {
    const fixture = await ruleFixture('snapshot-isolation');
    try {
      const report = await runWith([snapshotIsolation], [fixture.database], { target: target.endpoint });
      expect(objectsOf(report)).toEqual([
        { object: 'innodb_snapshot_isolation', detail: 'source=OFF target=ON innodb_tables=1' },
        { database: fixture.database, object: 'si_counter', detail: 'written_by=procedure:si_bump' },
      ]);
      expect((await runWith([snapshotIsolation], [fixture.database])).findings).toEqual([]);
      // InnoDB tables that no program of the account writes: every application meets the change (a documented incompatibility), nothing here to name.
      const unwritten = await checkFixture('si_none', ['CREATE TABLE t (id INT PRIMARY KEY, n INT) ENGINE=InnoDB', 'CREATE PROCEDURE r() SELECT n FROM t']);
      expect((await runWith([snapshotIsolation], [unwritten.database], { target: target.endpoint })).findings).toEqual([]);
      await unwritten.drop();
      await onServer(target.endpoint, ['SET GLOBAL innodb_snapshot_isolation = OFF']);
      expect((await runWith([snapshotIsolation], [fixture.database], { target: target.endpoint })).findings).toEqual([]);
    } finally {
      await Promise.all([fixture.drop(), onServer(target.endpoint, ['SET GLOBAL innodb_snapshot_isolation = ON'])]);
    }
  });

  it('is what 11.8 does: a REPEATABLE READ update of a row changed since the snapshot fails with error 1020', async () => {
    const fixture = await ruleFixture('snapshot-isolation', target.endpoint);
    const [a, b] = await Promise.all([mysql.createConnection({ ...target.endpoint, database: fixture.database }),
      mysql.createConnection({ ...target.endpoint, database: fixture.database })]);
    try {
      await a.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
      await a.query('SELECT n FROM si_counter WHERE id = 1');
      await b.query('UPDATE si_counter SET n = n + 1 WHERE id = 1');
      await expect(a.query('UPDATE si_counter SET n = n + 1 WHERE id = 1')).rejects.toMatchObject({ errno: 1020 });
    } finally {
      await Promise.all([a.end(), b.end()]);
      await fixture.drop();
    }
  });
});

describe('rule optimizer-cost-model', () => {
  it('names the views and routines that join, and the largest tables with how many of them join each', async () => {
    const fixture = await ruleFixture('optimizer-cost-model');
    try {
      const objects = objectsOf(await runWith([optimizerCostModel], [fixture.database]));
      expect(objects.slice(0, 2)).toEqual([
        { database: fixture.database, object: 'oc_p', detail: 'procedure joins=1' },
        { database: fixture.database, object: 'oc_v', detail: 'view joins=1' },
      ]);
      expect(objects.slice(2).map((o) => [o.object, /rows~\d+ bytes=\d+ joined_by=2$/.test(o.detail ?? '')]).sort())
        .toEqual([['oc_a', true], ['oc_b', true]]);
      expect((await runWith([optimizerCostModel], [fixture.database], { fromVersion: '11.0' })).rulesRun).toEqual([]);
    } finally {
      await fixture.drop();
    }
  });

  it('finds nothing on an account whose views and programs do not join, however large its tables (plans change for all: a documented incompatibility)', async () => {
    const db = await checkFixture('occ_clean', ['CREATE TABLE t (id INT PRIMARY KEY)', 'INSERT INTO t VALUES (1), (2), (3)', 'ANALYZE TABLE t',
      'CREATE VIEW v AS SELECT id FROM t']);
    try {
      expect((await runWith([optimizerCostModel], [db.database])).findings).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
