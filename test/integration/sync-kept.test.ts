import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEndpoint, type Endpoint } from '../../src/drivers/driver.ts';
import { syncAccount, type SyncReport } from '../../src/drivers/mariadb/sync/sync.ts';
import { TargetChecksums } from '../../src/drivers/mariadb/sync/target-checksums.ts';
import { HOST_SOURCE, startHostServer, type TestServer } from './helpers/copier-server.ts';

// Delta passes that keep the target's chunk checksums: later passes read only the source, and stay exact.
const db = `sync kept ${process.pid}`;
const evDb = `sync kept ev ${process.pid}`;
const q = (s: string): string => '`' + s.replaceAll('`', '``') + '`';
let server: TestServer;
let source: mysql.Connection;

const pass = (mode: 'online' | 'frozen', kept?: TargetChecksums, target: Endpoint = server.endpoint): Promise<SyncReport> =>
  syncAccount({ source: HOST_SOURCE, target, databases: [db, evDb], mode, rowsPerChunk: 100, ...(kept ? { targetChecksums: kept } : {}) });

async function rowsOf(endpoint: Endpoint, database: string, table: string): Promise<string> {
  const conn = await mysql.createConnection({ ...endpoint });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT * FROM ${q(database)}.${q(table)} ORDER BY 1, 2`);
    return JSON.stringify(rows);
  } finally {
    await conn.end();
  }
}

async function expectIdentical(): Promise<void> {
  for (const [d, t] of [[db, 't'], [db, 'nokey'], [evDb, 'e']] as const) expect(await rowsOf(server.endpoint, d, t)).toBe(await rowsOf(HOST_SOURCE, d, t));
}

const methodOf = (r: SyncReport, table: string) => r.verification.find((v) => v.table === table)?.method;

beforeAll(async () => {
  server = await startHostServer();
  source = await mysql.createConnection({ ...HOST_SOURCE, multipleStatements: true });
  for (const d of [db, evDb]) {
    await source.query(`DROP DATABASE IF EXISTS ${q(d)}`);
    await source.query(`CREATE DATABASE ${q(d)}`);
  }
  await source.query(`CREATE TABLE ${q(db)}.t (id BIGINT PRIMARY KEY, v VARCHAR(40) NULL)`);
  await source.query(`CREATE TABLE ${q(db)}.nokey (k VARCHAR(10), v INT)`);
  await source.query(`CREATE TABLE ${q(evDb)}.e (id INT PRIMARY KEY, v INT)`);
  await source.query(`USE ${q(db)}`);
  // Sparse keys: a dense block and a cluster far away.
  await source.query(`INSERT INTO t SELECT seq, CONCAT('v', seq) FROM seq_1_to_3000`);
  await source.query(`INSERT INTO t SELECT 1000000000000 + seq, IF(seq % 5 = 0, NULL, 'far') FROM seq_1_to_500`);
  await source.query(`INSERT INTO nokey SELECT CONCAT('k', seq), seq FROM seq_1_to_50`);
  await source.query(`INSERT INTO ${q(evDb)}.e SELECT seq, seq FROM seq_1_to_100`);
});

afterAll(async () => {
  for (const d of [db, evDb]) await source?.query(`DROP DATABASE IF EXISTS ${q(d)}`);
  await source?.end();
  await server?.stop();
});

describe('delta passes with kept target checksums', () => {
  it('reads only the source once the target is measured, finds every change, and verifies every table exactly', async () => {
    const first = await pass('online'); // the copy itself: every table created and loaded whole
    expect(first.ok).toBe(true);
    // An event in one database of the target copy: that database is never kept (the event could write there).
    const target = await mysql.createConnection({ ...server.endpoint });
    await target.query(`CREATE EVENT ${q(evDb)}.tick ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1`);
    const kept = new TargetChecksums(describeEndpoint(server.endpoint));

    const measured = await pass('online', kept);
    expect(measured.ok).toBe(true);
    expect(measured.verification.every((v) => v.method === 'both-sides')).toBe(true);
    expect(kept.get(db, 't')?.kind).toBe('chunks');
    expect(kept.get(db, 'nokey')?.kind).toBe('whole');
    expect(kept.get(evDb, 'e')).toBeUndefined();

    // Updates, deletes, a row below the smallest key, rows appended after the last key of both clusters.
    await source.query(`UPDATE ${q(db)}.t SET v = 'changed' WHERE id IN (7, 1500, 2999)`);
    await source.query(`DELETE FROM ${q(db)}.t WHERE id BETWEEN 200 AND 260`);
    await source.query(`INSERT INTO ${q(db)}.t VALUES (-5, 'below'), (1000000000501, 'far new')`);
    await source.query(`INSERT INTO ${q(db)}.t SELECT 3000 + seq, 'appended' FROM seq_1_to_1000`);
    await source.query(`UPDATE ${q(db)}.nokey SET v = v + 1 WHERE k = 'k3'`);
    await source.query(`UPDATE ${q(evDb)}.e SET v = 0 WHERE id = 4`);
    const second = await pass('online', kept);
    expect(second.ok).toBe(true);
    expect(methodOf(second, 't')).toBe('source-and-kept-target');
    expect(methodOf(second, 'nokey')).toBe('source-and-kept-target');
    expect(methodOf(second, 'e')).toBe('both-sides');
    await expectIdentical();

    // The chunk that grew by 1000 appended rows was cut again: a few more appended rows reload about one chunk, not all 1000.
    await source.query(`INSERT INTO ${q(db)}.t SELECT 4000 + seq, 'more' FROM seq_1_to_10`);
    const third = await pass('online', kept);
    expect(third.ok).toBe(true);
    expect(third.rowsCopied).toBeLessThan(250);

    await source.query(`UPDATE ${q(db)}.t SET v = NULL WHERE id = 1000000000003`);
    await source.query(`DELETE FROM ${q(db)}.t WHERE id = 4005`);
    const frozen = await pass('frozen', kept);
    expect(frozen.ok).toBe(true);
    expect(methodOf(frozen, 't')).toBe('source-and-kept-target');
    expect(frozen.verification.find((v) => v.table === 't')?.targetRows).toBe(3000 - 61 + 2 + 500 + 1000 + 10 - 1);
    expect(kept.size).toBe(0); // used once, by the frozen pass of the same invocation
    await expectIdentical();
    await target.end();
  });

  it('never uses checksums kept for another server', async () => {
    const kept = new TargetChecksums('127.0.0.1:1');
    const report = await pass('online', kept);
    expect(report.ok).toBe(true);
    expect(report.verification.every((v) => v.method === 'both-sides')).toBe(true);
    expect(kept.size).toBe(0);
  });
});
