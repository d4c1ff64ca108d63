import { describe, expect, it } from 'vitest';
import { vetStatement } from '../../src/drivers/mariadb/replay/statement.ts';
import { comparePlans } from '../../src/drivers/mariadb/replay/plans.ts';

const reason = (sql: string) => {
  const verdict = vetStatement(sql);
  return verdict.ok ? 'ok' : verdict.reason;
};

describe('the statements a replay accepts', () => {
  it('accepts plain SELECTs and WITH ... SELECT, with comments, string functions and a trailing semicolon', () => {
    expect([
      'SELECT 1', '  select * from t where a = 1;', 'WITH c AS (SELECT 1 AS x) SELECT x FROM c', '(SELECT 1) UNION (SELECT 2)',
      "/* app: orders */ SELECT REPLACE(name, 'a', 'b'), INSERT(name, 1, 1, 'x') FROM t -- trailing\n",
      "SELECT 'INTO OUTFILE' AS s, `into` FROM t # a comment with FOR UPDATE",
      'SELECT * FROM t FOR SYSTEM_TIME ALL',
    ].map(reason)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('refuses what could write, lock or wait, even inside an executable comment', () => {
    expect([
      "UPDATE t SET a = 1", 'INSERT INTO t VALUES (1)', 'SHOW TABLES', 'CALL p()', 'DO 1', 'SET @a = 1',
    ].map(reason)).toEqual(Array(6).fill('not-select'));
    expect([
      "SELECT * FROM t INTO OUTFILE '/tmp/x'", "SELECT a FROM t INTO DUMPFILE '/tmp/y'", 'SELECT a INTO @v FROM t',
      'SELECT 1 /*!INTO @v */', 'SELECT 1 /*M!100000 INTO @v */', 'SELECT a FROM t PROCEDURE ANALYSE()',
    ].map(reason)).toEqual(Array(6).fill('writes'));
    expect(['SELECT * FROM t FOR UPDATE', 'SELECT * FROM t LOCK IN SHARE MODE', 'SELECT * FROM t FOR SHARE', "SELECT GET_LOCK('x', 1)"].map(reason))
      .toEqual(Array(4).fill('locks'));
    expect(['SELECT SLEEP(5)', 'SELECT BENCHMARK(1e9, MD5(1))'].map(reason)).toEqual(['waits', 'waits']);
    expect(reason('SELECT 1; DELETE FROM t')).toBe('multiple-statements');
    expect(['SELECT * FROM mysql.user', 'SELECT * FROM `mysql`.`global_priv`', 'SELECT * FROM information_schema.tables'].map(reason))
      .toEqual(Array(3).fill('system-schema'));
    expect(["SELECT 'unterminated", 'SELECT /* open comment', 'SELECT `x'].map(reason)).toEqual(Array(3).fill('unterminated'));
  });

  it('fingerprints with literals as ?, lists folded, identifiers and words kept as written', () => {
    const verdict = vetStatement("select o.id, COUNT(*) FROM `orders` o WHERE o.status IN ('a', 'b', 'c') AND o.total > 12.5 AND note = \"it's\"");
    expect(verdict.fingerprint).toBe('select o.id, COUNT(*) FROM `orders` o WHERE o.status IN(?+) AND o.total > ? AND note = ?');
    // An unterminated statement shows up to its first quote only: the rest may be a private value.
    expect(vetStatement("SELECT * FROM users WHERE password = 'secret").fingerprint).toBe('SELECT * FROM users WHERE password = ');
  });

  it('compares in order only when the outer query has an ORDER BY', () => {
    const ordered = (sql: string) => { const v = vetStatement(sql); return v.ok && v.ordered; };
    expect(ordered('SELECT a FROM t ORDER BY a LIMIT 5')).toBe(true);
    expect(ordered('SELECT a, ROW_NUMBER() OVER (ORDER BY a) FROM t')).toBe(false);
    expect(ordered('SELECT * FROM (SELECT a FROM t ORDER BY a) x')).toBe(false);
    expect(ordered('SELECT a FROM t UNION SELECT b FROM u ORDER BY 1')).toBe(true);
  });
});

describe('plan comparison', () => {
  const row = (table: string, type: string, key: string | null = null) => ({ table, type, key });

  it('names a full scan that appears, an index no longer used and another index, table by table', () => {
    expect(comparePlans(
      [row('o', 'range', 'k_customer'), row('c', 'ref', 'k_country'), row('s', 'eq_ref', 'PRIMARY'), row('<derived2>', 'ALL')],
      [row('o', 'ALL'), row('c', 'ref', 'k_name'), row('s', 'eq_ref', 'PRIMARY'), row('<derived3>', 'ALL')],
    )).toEqual([
      { table: 'o', change: 'full-scan', source: 'o: range k_customer', target: 'o: ALL' },
      { table: 'c', change: 'index-changed', source: 'c: ref k_country', target: 'c: ref k_name' },
    ]);
  });

  it('takes a full scan of the primary key for the table scan it is, and a covering index scan lost for what it is', () => {
    expect(comparePlans([row('t', 'index', 'PRIMARY')], [row('t', 'ALL')])).toEqual([]);
    expect(comparePlans([row('t', 'index', 'k_status')], [row('t', 'ALL')]))
      .toEqual([{ table: 't', change: 'index-lost', source: 't: index k_status', target: 't: ALL' }]);
  });
});
