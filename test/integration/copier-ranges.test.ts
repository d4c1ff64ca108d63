import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog, type TableInfo } from '../../src/drivers/mariadb/copier/catalog.ts';
import { openSession, type Session } from '../../src/drivers/mariadb/copier/connections.ts';
import { copyTables } from '../../src/drivers/mariadb/copier/copy-tables.ts';
import { planTasks } from '../../src/drivers/mariadb/copier/task-scheduler.ts';
import { targetSetup } from '../../src/drivers/mariadb/copier/copy-setup.ts';
import { CopyJournal } from '../../src/drivers/mariadb/copier/failures.ts';
import { cutRanges } from '../../src/drivers/mariadb/copier/ranges.ts';
import { takeSnapshot, type SourceSnapshot } from '../../src/drivers/mariadb/copier/snapshot.ts';
import { reloadTableRange } from '../../src/drivers/mariadb/copier/table-copy.ts';
import { chunkChecksums, tableChecksum } from '../../src/drivers/mariadb/verify/checksum.ts';
import { HOST_SOURCE, startHostServer, type TestServer } from './helpers/copier-server.ts';

// The seams a live migration uses: copy in key ranges, find changed ranges by chunk checksums, reload one range.
const db = `copier ranges ${process.pid}`;
const q = (s: string): string => '`' + s.replaceAll('`', '``') + '`';
let server: TestServer;
let control: Session;
let target: Session;
let snapshot: SourceSnapshot | null = null;
let table: TableInfo;

beforeAll(async () => {
  server = await startHostServer();
  const admin = await mysql.createConnection({ ...HOST_SOURCE });
  await admin.query(`DROP DATABASE IF EXISTS ${q(db)}`);
  await admin.query(`CREATE DATABASE ${q(db)}`);
  await admin.query(`CREATE TABLE ${q(db)}.t (id INT PRIMARY KEY, v VARCHAR(20) NULL)`);
  await admin.query(`USE ${q(db)}`);
  await admin.query(`INSERT INTO ${q(db)}.t SELECT seq, IF(seq % 7 = 0, NULL, CONCAT('v', seq)) FROM seq_1_to_10000`);
  await admin.end();
  control = await openSession(HOST_SOURCE, 'source');
  const [read] = (await readCatalog(control, [db]))[0]?.tables as [TableInfo];
  // Statistics of a fresh table are stale: state a size so planning cuts it in ranges.
  table = { ...read, dataBytes: 400_000 };
  target = await openSession(server.endpoint, 'target', targetSetup('', true));
  await target.exec(`CREATE DATABASE ${q(db)}`);
  await target.exec(`CREATE TABLE ${q(db)}.t (id INT PRIMARY KEY, v VARCHAR(20) NULL)`);
});

afterAll(async () => {
  await snapshot?.release();
  await target?.close();
  await control?.close();
  const admin = await mysql.createConnection({ ...HOST_SOURCE });
  await admin.query(`DROP DATABASE IF EXISTS ${q(db)}`);
  await admin.end();
  await server?.stop();
});

describe('range copy, chunk checksums and range reload', () => {
  it('copies a table split in ranges over parallel snapshot sessions', async () => {
    snapshot = await takeSnapshot(HOST_SOURCE, [table], 2);
    const tasks = await planTasks(snapshot.sessions[0] as Session, [table], 20_000);
    expect(tasks.length).toBeGreaterThan(2);
    const second = await openSession(server.endpoint, 'target', targetSetup('', true));
    const journal = new CopyJournal();
    const workers = snapshot.sessions.map((source, i) => ({ source, target: i === 0 ? target : second }));
    const [outcome] = await copyTables(workers, tasks, journal);
    await second.close();
    expect(journal.failures).toEqual([]);
    expect(outcome?.rows).toBe(10000);
    expect(await tableChecksum(target, table)).toEqual(await tableChecksum(snapshot.sessions[0] as Session, table));
  });

  it('finds the changed chunk and reloads only that range', async () => {
    await target.exec(`UPDATE ${q(db)}.t SET v = 'changed' WHERE id = 4321`);
    const key = { column: 'id', min: 1n, chunkSize: 1000n };
    const source = snapshot?.sessions[1] as Session;
    const [before, expected] = await Promise.all([chunkChecksums(target, table, key), chunkChecksums(source, table, key)]);
    const changed = before.filter((c, i) => c.checksum !== expected[i]?.checksum);
    expect(changed.map((c) => [c.from, c.to])).toEqual([['4001', '5001']]);
    const range = { column: 'id', from: changed[0]?.from ?? null, to: changed[0]?.to ?? null };
    const result = await reloadTableRange(source, target, table, range);
    expect(result.rows).toBe(1000);
    expect(await chunkChecksums(target, table, key)).toEqual(expected);
    expect(cutRanges('id', 1n, 10000n, 10)).toHaveLength(10);
  });
});
