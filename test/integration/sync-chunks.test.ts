import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/drivers/driver.ts';
import { syncAccount, type SyncReport } from '../../src/drivers/mariadb/sync/sync.ts';
import { HOST_SOURCE, startHostServer, type TestServer } from './helpers/copier-server.ts';

// The chunk diff of a pass without kept checksums (a resumed run): chunks cut from the source's keys, both servers read.
const db = `sync chunks ${process.pid}`;
const q = (s: string): string => '`' + s.replaceAll('`', '``') + '`';
let server: TestServer;
let source: mysql.Connection;

const pass = (mode: 'online' | 'frozen'): Promise<SyncReport> => syncAccount({ source: HOST_SOURCE, target: server.endpoint, databases: [db], mode, rowsPerChunk: 100 });

async function rowsOf(endpoint: Endpoint, table: string): Promise<string> {
  const conn = await mysql.createConnection({ ...endpoint });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT * FROM ${q(db)}.${q(table)} ORDER BY 1`);
    return JSON.stringify(rows);
  } finally {
    await conn.end();
  }
}

async function expectIdentical(): Promise<void> {
  for (const t of ['sparse', 'emptied', 'shrunk']) expect(await rowsOf(server.endpoint, t)).toBe(await rowsOf(HOST_SOURCE, t));
}

beforeAll(async () => {
  server = await startHostServer();
  source = await mysql.createConnection({ ...HOST_SOURCE });
  await source.query(`DROP DATABASE IF EXISTS ${q(db)}`);
  await source.query(`CREATE DATABASE ${q(db)}`);
  await source.query(`USE ${q(db)}`);
  for (const t of ['sparse', 'emptied', 'shrunk']) await source.query(`CREATE TABLE ${q(t)} (id BIGINT PRIMARY KEY, v VARCHAR(40) NULL)`);
  // A dense block and a cluster near 10^12, as a bench writer's ids: a uniform cut of min..max would make the block one chunk.
  await source.query(`INSERT INTO sparse SELECT seq, CONCAT('v', seq) FROM seq_1_to_5000`);
  await source.query(`INSERT INTO sparse SELECT 1000000000000 + seq, IF(seq % 3 = 0, NULL, 'far') FROM seq_1_to_300`);
  await source.query(`INSERT INTO emptied SELECT seq, 'e' FROM seq_1_to_700`);
  await source.query(`INSERT INTO shrunk SELECT seq, 's' FROM seq_1_to_2000`);
});

afterAll(async () => {
  await source?.query(`DROP DATABASE IF EXISTS ${q(db)}`);
  await source?.end();
  await server?.stop();
});

describe('delta pass reading both servers', () => {
  it('reloads about the changed rows only, even with sparse keys, and keeps the target identical', async () => {
    const copy = await pass('online');
    expect(copy.ok).toBe(true);
    expect(copy.tablesRecreated).toBe(3);
    const unchanged = await pass('online');
    expect(unchanged.ok).toBe(true);
    expect(unchanged.rangesReloaded).toBe(0);
    expect(unchanged.verification.map((v) => [v.table, v.method, v.targetRows])).toEqual([['emptied', 'both-sides', 700], ['shrunk', 'both-sides', 2000], ['sparse', 'both-sides', 5300]]);

    // Scattered changes in the dense block, a row below the smallest key, rows appended to the far cluster.
    await source.query(`UPDATE ${q(db)}.sparse SET v = 'changed' WHERE id IN (17, 2500, 4999)`);
    await source.query(`DELETE FROM ${q(db)}.sparse WHERE id BETWEEN 3000 AND 3010`);
    await source.query(`INSERT INTO ${q(db)}.sparse VALUES (-3, 'below')`);
    await source.query(`INSERT INTO ${q(db)}.sparse SELECT 1000000000300 + seq, 'far new' FROM seq_1_to_20`);
    const changed = await pass('online');
    expect(changed.ok).toBe(true);
    expect(changed.tablesChanged).toBe(1);
    // Each change lies in a chunk of about 100 rows: a handful of chunks reloaded, not the 5000-row block.
    expect(changed.rowsCopied).toBeGreaterThanOrEqual(3 + 1 + 20);
    expect(changed.rowsCopied).toBeLessThan(800);
    await expectIdentical();
  });

  it('removes rows the source no longer has, below, inside and above its keys, and when the source table is empty', async () => {
    await source.query(`DELETE FROM ${q(db)}.emptied`);
    // The source keeps 500..1500: the target's rows on both sides of that span are outside every source chunk boundary.
    await source.query(`DELETE FROM ${q(db)}.shrunk WHERE id < 500 OR id > 1500 OR id % 100 = 0`);
    const frozen = await pass('frozen');
    expect(frozen.ok).toBe(true);
    expect(frozen.verification.find((v) => v.table === 'emptied')?.targetRows).toBe(0);
    expect(frozen.verification.find((v) => v.table === 'shrunk')?.targetRows).toBe(1001 - 11);
    await expectIdentical();
    const again = await pass('frozen');
    expect(again.rangesReloaded).toBe(0);
  });
});
