import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCollationUca1400 } from '../../../src/drivers/mariadb/checks/rules/default-collation-uca1400.ts';
import { mixedCollations } from '../../../src/drivers/mariadb/checks/rules/mixed-collations.ts';
import { checkFixture } from '../helpers/check-fixture.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { objectsOf, onServer, ruleFixture, runWith } from './run-checks-with.ts';

let target: TestServer;

beforeAll(async () => { target = await startImageServer('11.8'); });
afterAll(async () => { await target?.stop(); });

describe('rule default-collation-uca1400', () => {
  it('names a database on utf8mb4_general_ci, whose new tables on 11.8 would not join the copied ones', async () => {
    const fixture = await ruleFixture('default-collation-uca1400');
    try {
      const report = await runWith([defaultCollationUca1400], [fixture.database], { target: target.endpoint });
      expect(objectsOf(report)).toEqual([
        { database: fixture.database, detail: 'collation=utf8mb4_general_ci target_default=utf8mb4_uca1400_ai_ci columns=1' },
      ]);
      // Without a target it goes by the version crossed; a migration that does not cross 11.5 does not run it.
      expect(objectsOf(await runWith([defaultCollationUca1400], [fixture.database]))).toHaveLength(1);
      expect((await runWith([defaultCollationUca1400], [fixture.database], { toVersion: '11.4' })).rulesRun).toEqual([]);

      // What the finding says, on the real 11.8: the copy as SHOW CREATE gives it, and a new table with only a charset.
      const source = await mysql.createConnection(HOST_SOURCE);
      const [[shown]] = await source.query<mysql.RowDataPacket[]>(`SHOW CREATE TABLE \`${fixture.database}\`.dc_t`).finally(() => source.end());
      await onServer(target.endpoint, ['CREATE DATABASE chkb_join', 'USE chkb_join', String(shown?.['Create Table']),
        'CREATE TABLE fresh (name VARCHAR(20)) CHARSET=utf8mb4']);
      await expect(onServer(target.endpoint, ['SELECT * FROM chkb_join.dc_t JOIN chkb_join.fresh USING (name)']))
        .rejects.toMatchObject({ errno: 1267 });
    } finally {
      await Promise.all([fixture.drop(), onServer(target.endpoint, ['DROP DATABASE IF EXISTS chkb_join'])]);
    }
  });

  it('names a table on the old default inside a database that has another, and nothing once the target keeps general_ci', async () => {
    const db = await checkFixture('dcu_table', [
      'ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
      'CREATE TABLE old_default (a VARCHAR(5), b VARCHAR(5)) CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
      'CREATE TABLE explicit (a VARCHAR(5)) CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    ]);
    try {
      expect(objectsOf(await runWith([defaultCollationUca1400], [db.database], { target: target.endpoint }))).toEqual([
        { database: db.database, object: 'old_default', detail: 'collation=utf8mb4_general_ci target_default=utf8mb4_uca1400_ai_ci columns=2' },
      ]);
      await onServer(target.endpoint, ["SET GLOBAL character_set_collations = 'utf8mb4=utf8mb4_general_ci'"]);
      expect((await runWith([defaultCollationUca1400], [db.database], { target: target.endpoint })).findings).toEqual([]);
    } finally {
      await Promise.all([db.drop(), onServer(target.endpoint, ['SET GLOBAL character_set_collations = DEFAULT'])]);
    }
  });
});

describe('rule mixed-collations', () => {
  it('names indexed same-named columns and foreign keys whose collations differ', async () => {
    const fixture = await ruleFixture('mixed-collations');
    try {
      const db = fixture.database;
      expect(objectsOf(await runWith([mixedCollations], [db]))).toEqual([
        { database: db, object: 'mc_child', column: 'code', detail: 'foreign_key=mc_child_ibfk_1 collation=utf8mb4_general_ci references=mc_parent.code:utf8mb4_unicode_ci' },
        { database: db, object: 'mc_orders', column: 'email', detail: 'collation=utf8mb4_unicode_ci differs_from=mc_users:utf8mb4_general_ci' },
        { database: db, object: 'mc_users', column: 'email', detail: 'collation=utf8mb4_general_ci differs_from=mc_orders:utf8mb4_unicode_ci' },
      ]);
      // The foreign key is as broken as the finding says: a matching row is refused.
      await expect(onServer(HOST_SOURCE, [`INSERT INTO \`${db}\`.mc_parent VALUES ('a')`, `INSERT INTO \`${db}\`.mc_child VALUES (1, 'a')`]))
        .rejects.toMatchObject({ errno: 1452 });
    } finally {
      await fixture.drop();
    }
  });

  it('finds nothing when joined columns share a collation', async () => {
    const db = await checkFixture('mixc_clean', [
      'CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(80), KEY (email))',
      'CREATE TABLE o (id INT PRIMARY KEY, email VARCHAR(80), user_id INT, KEY (email), FOREIGN KEY (user_id) REFERENCES u (id))',
    ]);
    try {
      expect((await runWith([mixedCollations], [db.database])).findings).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
