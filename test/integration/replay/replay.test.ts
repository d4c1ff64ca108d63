import { readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint, ReplayRequest } from '../../../src/drivers/driver.ts';
import type { ReplayReport } from '../../../src/drivers/reports.ts';
import { copyAccount } from '../../../src/drivers/mariadb/copier/copy-account.ts';
import { replayQueries } from '../../../src/drivers/mariadb/replay/replay.ts';
import { HOST_SOURCE, startHostServer, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { createOn, dropOn, replayDatabase, replayFixture, runAsApp } from '../helpers/replay-fixture.ts';

/**
 * The account's database lives on the host's 10.11 and, identically, on a
 * throwaway 10.11 started with performance_schema (and its statement
 * history) and the general and slow logs on: the three query sources. The
 * copy is on an 11.8. Two queries behave differently there, found on these
 * versions (10.11.19, 11.8.9):
 * - plan: a GROUP BY over a range of a secondary index reads the range
 *   through the index on 10.11 and the whole table on 11.8, whose cost
 *   model (11.0) dropped 10.x's preference for an index with GROUP BY;
 * - result: FROM_UNIXTIME past 2038-01-19 is NULL on 10.11 and a date on
 *   11.8 (TIMESTAMP extended to 2106 in 11.5).
 */
const PLAN = 'SELECT customer, SUM(amount) FROM orders WHERE customer < 10 GROUP BY customer';
const RESULT = 'SELECT id, FROM_UNIXTIME(renews_at) AS renews FROM subscriptions ORDER BY id';
const SAME = ['SELECT * FROM orders WHERE id = 5', 'SELECT status, COUNT(*) FROM orders GROUP BY status', "SELECT name FROM customers WHERE country = 'FR' ORDER BY id"];
const workload = [PLAN, RESULT, ...SAME, 'SELECT * FROM orders WHERE id = 7'];

let target: TestServer;
let instrumented: TestServer;
let dataDir: string;
const database = replayDatabase('diff');

beforeAll(async () => {
  [target, instrumented] = await Promise.all([startImageServer('11.8'), startHostServer(undefined, [
    '--performance-schema=ON', '--performance-schema-consumer-events-statements-current=ON', '--performance-schema-consumer-events-statements-history-long=ON',
    // Relative log names go to the data directory.
    '--general-log=ON', '--general-log-file=general.log', '--slow-query-log=ON', '--slow-query-log-file=slow.log', '--long-query-time=0',
  ])]);
  await createOn([HOST_SOURCE, instrumented.endpoint], database, replayFixture());
  // The view's and the function's definer (the host's root over TCP) is the temporary server's admin there.
  const definers = { 'root@127.0.0.1': `${target.endpoint.user}@%` };
  const copy = await copyAccount({ source: HOST_SOURCE, target: target.endpoint, databases: [database], users: [], definers });
  expect([copy.failures, copy.verification.filter((v) => !v.ok)]).toEqual([[], []]);
  await runAsApp(target.endpoint, database, ['ANALYZE TABLE orders, customers, subscriptions']);
  await runAsApp(instrumented.endpoint, database, workload);
  const conn = await mysql.createConnection(instrumented.endpoint);
  dataDir = String((await conn.query<mysql.RowDataPacket[]>('SELECT @@datadir AS d'))[0][0]?.['d']);
  await conn.end();
});
afterAll(async () => {
  await dropOn([HOST_SOURCE], database).catch(() => undefined);
  await Promise.all([target?.stop(), instrumented?.stop()]);
});

const replay = (source: Endpoint, options: Partial<ReplayRequest> = {}): Promise<ReplayReport> => replayQueries({
  source, target: target.endpoint, databases: [database], maxQueries: 200, budgetMs: 30_000, runs: 3, slowRatio: 2, ...options,
});
const find = (report: ReplayReport, sql: string) => report.differences.find((d) => d.fingerprint.replaceAll(' ', '').toLowerCase().startsWith(
  sql.replace(/\d+|'[^']*'/g, '?').replaceAll(' ', '').toLowerCase()));

function expectTheTwoDifferences(report: ReplayReport): void {
  const plan = find(report, PLAN);
  expect(plan?.kinds).toEqual(['plan']);
  expect(plan?.planChanges).toEqual([{ table: 'orders', change: 'full-scan', source: 'orders: range k_customer', target: 'orders: ALL' }]);
  // 10.11 also warns for each value it turns into NULL.
  const result = find(report, RESULT);
  expect(result?.kinds).toEqual(['result', 'warnings']);
  expect([result?.source.rows, result?.target.rows]).toEqual([20, 20]);
  expect(result?.source.warnings[0]).toMatch(/^Warning 1292: Truncated incorrect unixtime value/);
  expect(result?.target.warnings).toEqual([]);
  for (const sql of SAME) expect(find(report, sql), sql).toBeUndefined();
  expect(report.identical).toBeGreaterThanOrEqual(SAME.length);
}

describe('query replay between 10.11 and 11.8', () => {
  it('takes the queries from performance_schema when it keeps statement texts, and reports the plan and the result that change', async () => {
    const report = await replay(instrumented.endpoint);
    expect(report.source).toBe('digests');
    expect(report.fallbacks).toEqual([]);
    // id = 5 and id = 7 are one digest, replayed once.
    expect(report.differences.length + report.identical + report.unstable).toBe(report.replayed);
    expectTheTwoDifferences(report);
  });

  it('reads a general log and a slow log when performance_schema is off (the host 10.11), with the database each query ran in', async () => {
    for (const log of ['general.log', 'slow.log']) {
      const report = await replay(HOST_SOURCE, { queryLog: join(dataDir, log) });
      expect(report.source, log).toBe('query-log');
      expect(report.fallbacks).toEqual([{ source: 'digests', reason: 'performance-schema-off' }]);
      // The fixture's CREATE, INSERT and ANALYZE are in the log too: refused.
      expect(report.refused.find((r) => r.reason === 'not-select')?.count).toBeGreaterThanOrEqual(10);
      expectTheTwoDifferences(report);
    }
  });

  it('falls back to bounded reads of the tables and views, and finds the view whose rows change', async () => {
    const report = await replay(HOST_SOURCE);
    expect(report.source).toBe('catalogue');
    expect(report.fallbacks).toEqual([{ source: 'digests', reason: 'performance-schema-off' }, { source: 'query-log', reason: 'no-query-log' }]);
    const view = report.differences.filter((d) => d.origin === 'view');
    expect(view.map((d) => [d.fingerprint, d.kinds])).toEqual([[`SELECT * FROM \`${database}\`.\`renewals\` ORDER BY ?, ? LIMIT ?`, ['result', 'warnings']]]);
    expect(report.differences.filter((d) => d.origin === 'table' && d.kinds.some((k) => k === 'result' || k === 'error'))).toEqual([]);
    // A bounded read and a count of each table and view, and a lookup in the tables with a secondary index (orders, customers).
    expect(report.replayed).toBe(4 * 2 + 2 + 1 * 2);
  });

  it('stops at the query limit and the time budget, counting what it left', async () => {
    expect((await replay(HOST_SOURCE, { maxQueries: 2 })).replayed).toBe(2);
    const hurried = await replay(HOST_SOURCE, { budgetMs: 1 });
    expect(hurried.replayed).toBeLessThanOrEqual(1);
    expect(hurried.budgetLeft).toBeGreaterThanOrEqual(11);
  });
});

describe('replay never writes on the source', () => {
  const slowLog = (statements: readonly string[]): string => statements.map((s, i) =>
    `# Time: 250101 10:00:0${i % 10}\n# User@Host: app[app] @ localhost []\n# Thread_id: 8  Schema: ${database}  QC_hit: No\n`
    + `# Query_time: 0.000100  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 1\nSET timestamp=1735725600;\n${s};\n`).join('');
  const state = async (): Promise<unknown[]> => {
    const conn = await mysql.createConnection({ ...HOST_SOURCE, database });
    try {
      const [sums] = await conn.query('CHECKSUM TABLE orders, customers, subscriptions, audit EXTENDED');
      const [sequence] = await conn.query('SELECT next_not_cached_value FROM ticket');
      return [sums, sequence];
    } finally {
      await conn.end();
    }
  };

  it('refuses writes, locks and INTO, and stops a stored function or NEXTVAL that writes with the read-only transaction', async () => {
    const outfile = `/tmp/replay-outfile-${process.pid}`;
    const log = `/tmp/replay-log-${process.pid}.log`;
    await writeFile(log, slowLog([
      "UPDATE orders SET status = 'hacked' WHERE id = 1", 'INSERT INTO audit (at) VALUES (NOW())', 'DELETE FROM customers',
      `SELECT * FROM orders INTO OUTFILE '${outfile}'`, 'SELECT id INTO @x FROM orders LIMIT 1', 'SELECT 1 /*!INTO @y */',
      'SELECT * FROM orders WHERE id = 1 FOR UPDATE', 'SELECT 1; DELETE FROM audit',
      'SELECT touch()', 'SELECT NEXTVAL(ticket)', 'SELECT COUNT(*) FROM orders',
    ]));
    const before = await state();
    try {
      const report = await replay(HOST_SOURCE, { queryLog: log });
      expect(report.source).toBe('query-log');
      expect(Object.fromEntries(report.refused.map((r) => [r.reason, r.count]))).toEqual({ 'not-select': 3, writes: 3, locks: 1, 'multiple-statements': 1 });
      expect([report.blockedWrites, report.replayed, report.identical]).toEqual([2, 1, 1]);
      expect(await state()).toEqual(before);
      await expect(readFile(outfile)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(log, { force: true });
    }
  });
});
