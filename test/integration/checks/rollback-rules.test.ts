import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollbackUnknownCollations } from '../../../src/drivers/mariadb/checks/rules/rollback-collations.ts';
import { rollbackNewFunctions } from '../../../src/drivers/mariadb/checks/rules/rollback-functions.ts';
import { rollbackParameterDefaults } from '../../../src/drivers/mariadb/checks/rules/rollback-parameter-defaults.ts';
import { rollbackVectorType } from '../../../src/drivers/mariadb/checks/rules/rollback-vector.ts';
import { allRules } from '../../../src/drivers/mariadb/checks/rules/index.ts';
import type { Rule } from '../../../src/drivers/mariadb/checks/rule.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';

let server: TestServer;
let fixture: CheckFixture;

beforeAll(async () => {
  server = await startImageServer('11.8');
  // An account made on 11.8 with what 10.11 lacks, next to what 10.11 has too (uca1400, UUID, INET4, JSON_VALID, a name in a string).
  fixture = await checkFixture('rb', [
    'CREATE TABLE coll (a VARCHAR(10) COLLATE utf8mb4_0900_ai_ci, b VARCHAR(10) COLLATE utf8mb4_general1400_as_ci, c VARCHAR(10) COLLATE utf8mb4_uca1400_ai_ci)',
    'CREATE TABLE vec (id INT PRIMARY KEY, e VECTOR(3) NOT NULL, VECTOR INDEX (e))',
    'CREATE FUNCTION same(v VECTOR(3)) RETURNS VECTOR(3) DETERMINISTIC RETURN v',
    'CREATE PROCEDURE declares()\nBEGIN\n  DECLARE x VECTOR(4);\n  SELECT 1;\nEND',
    `CREATE TABLE ids (id UUID DEFAULT uuid_v7(), ip INET4, doc TEXT, k VARBINARY(64) AS (KDF(doc, 'salt')) VIRTUAL,
      CONSTRAINT doc_shape CHECK (JSON_SCHEMA_VALID('{"type":"object"}', doc)))`,
    "CREATE VIEW nearest AS SELECT id, VEC_DISTANCE_EUCLIDEAN(e, VEC_FromText('[1,2,3]')) AS d FROM vec",
    "CREATE VIEW fine AS SELECT JSON_VALID('{}') AS v, 'VEC_DISTANCE(' AS s",
    'CREATE PROCEDURE with_default(IN n INT DEFAULT 5) SELECT n',
    'CREATE PROCEDURE without_default(IN default_count INT) INSERT INTO ids (doc) VALUES (DEFAULT)',
    "CREATE EVENT sizes ON SCHEDULE EVERY 1 DAY DISABLE DO\n  /* KDF(x) is only named here */\n  SET @s = FORMAT_BYTES(1024)",
  ], server.endpoint);
}, 120_000);
afterAll(async () => {
  await fixture?.drop();
  await server?.stop();
});

/** A rollback from the 11.8 server to the host's 10.11 (or to no readable server), as `/migrate check` runs it during the window. */
const rollback = (rules: readonly Rule[], options: { target?: null; toVersion?: string } = {}) => runRules(rules, [fixture.database], {
  source: server.endpoint, target: options.target === null ? null : HOST_SOURCE,
  fromVersion: server.version, toVersion: options.toVersion ?? '10.11', direction: 'rollback',
});
const objects = async (rule: Rule, options?: { target?: null; toVersion?: string }) => (await rollback([rule], options)).findings[0]?.objects ?? [];

describe('rollback readiness rules, 11.8 back to 10.11', () => {
  it('names the columns whose collation 10.11 does not know, with the collation an alias stands for', async () => {
    const db = fixture.database;
    const found = await objects(rollbackUnknownCollations);
    expect(found).toEqual([
      { database: db, object: 'coll', column: 'a', detail: 'utf8mb4_0900_ai_ci → utf8mb4_uca1400_nopad_ai_ci' },
      { database: db, object: 'coll', column: 'b', detail: 'utf8mb4_general1400_as_ci' },
    ]);
    // Without the old server to ask, the known new families stand in.
    expect(await objects(rollbackUnknownCollations, { target: null })).toEqual(found);
  });

  it('names VECTOR columns, parameters, return values and declared variables', async () => {
    const db = fixture.database;
    expect(await objects(rollbackVectorType)).toEqual([
      { database: db, object: 'vec', column: 'e', detail: 'vector(3)' },
      { database: db, object: 'same', detail: 'RETURNS vector(3)' },
      { database: db, object: 'same', detail: 'v vector(3)' },
      { database: db, object: 'declares', line: 2, detail: 'VECTOR(4' },
    ]);
  });

  it('names calls of functions 10.11 lacks in views, programs, defaults, generated columns and CHECK constraints, not in strings or comments', async () => {
    const db = fixture.database;
    const expected = [
      { database: db, object: 'nearest', detail: 'VEC_DISTANCE_EUCLIDEAN' },
      { database: db, object: 'nearest', detail: 'VEC_FROMTEXT' },
      // The stored body starts at the comment (the line break after DO is not kept): its line 2.
      { database: db, object: 'sizes', line: 2, detail: 'FORMAT_BYTES' },
      { database: db, object: 'ids', column: 'id', detail: 'UUID_V7' },
      { database: db, object: 'ids', column: 'k', detail: 'KDF' },
      { database: db, object: 'ids', detail: 'JSON_SCHEMA_VALID (CHECK doc_shape)' },
    ];
    const sorted = (list: readonly object[]) => list.map((o) => JSON.stringify(o)).sort();
    // Both lists of functions read from the servers, then the built-in table for when the old one cannot be read.
    expect(sorted(await objects(rollbackNewFunctions))).toEqual(sorted(expected));
    expect(sorted(await objects(rollbackNewFunctions, { target: null }))).toEqual(sorted(expected));
    // Going back to 11.4 only, the functions of 11.7 and 11.8 remain.
    expect(sorted(await objects(rollbackNewFunctions, { target: null, toVersion: '11.4' })))
      .toEqual(sorted(expected.filter((o) => !['KDF', 'JSON_SCHEMA_VALID (CHECK doc_shape)'].includes(o.detail))));
  });

  it('names routines whose parameters have default values, not a parameter named default_… nor DEFAULT in a body', async () => {
    expect(await objects(rollbackParameterDefaults)).toEqual([{ database: fixture.database, object: 'with_default', detail: 'IN n INT DEFAULT 5' }]);
  });

  it('runs as the rollback rule set of the driver, all blockers, none of the upgrade rules', async () => {
    const report = await rollback(allRules);
    expect(report.direction).toBe('rollback');
    expect(report.targetRead).toBe(true);
    expect(report.rulesRun).toEqual(expect.arrayContaining(['rollback-unknown-collations', 'rollback-vector-type', 'rollback-new-functions', 'rollback-parameter-defaults']));
    expect(report.rulesRun).not.toContain('no-primary-key');
    expect(report.findings.map((f) => `${f.rule} ${f.severity}`).sort()).toEqual([
      'rollback-new-functions blocker', 'rollback-parameter-defaults blocker', 'rollback-unknown-collations blocker', 'rollback-vector-type blocker',
    ]);
    // An account on 10.11 rolled back from nothing newer: the same rules find nothing on a plain database.
    const plain = await checkFixture('rb_plain', ['CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5))']);
    try {
      const none = await runRules(allRules, [plain.database], { source: HOST_SOURCE, target: HOST_SOURCE, fromVersion: '11.8', toVersion: '10.11', direction: 'rollback' });
      expect(none.findings).toEqual([]);
    } finally {
      await plain.drop();
    }
  });
});
