import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog, type TableInfo } from '../../src/drivers/mariadb/copier/catalog.ts';
import { openSession, type Session } from '../../src/drivers/mariadb/copier/connections.ts';
import { copyTables, planTasks, verifyTables, type TableChecksums, type WorkerPair } from '../../src/drivers/mariadb/copier/copy-tables.ts';
import { targetSetup } from '../../src/drivers/mariadb/copier/copy-setup.ts';
import { CopyJournal } from '../../src/drivers/mariadb/copier/failures.ts';
import { takeSnapshot, type SourceSnapshot } from '../../src/drivers/mariadb/copier/snapshot.ts';
import { checksumTable } from '../../src/drivers/mariadb/verify/checksum-table.ts';
import { rowHashSql } from '../../src/drivers/mariadb/verify/checksum.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from './helpers/copier-server.ts';

// Verification by CHECKSUM TABLE: consistent in the source snapshot, equal across 10.11 -> 11.8
// for ordinary rows, and never the last word when it differs.
const db = `checksum table ${process.pid}`;
const q = (s: string): string => '`' + s.replaceAll('`', '``') + '`';
const DDL = `CREATE TABLE ${q(db)}.t (id INT PRIMARY KEY, name VARCHAR(40) NULL, price DECIMAL(10,2) NULL,
  at DATETIME(3) NULL, body TEXT NULL, flags BIT(5) NULL, kind ENUM('a','b') NULL, ratio DOUBLE NULL, raw VARBINARY(16) NULL)
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;
let server: TestServer;
let admin: mysql.Connection;
let catalog: Session;
let target: Session;
let snapshot: SourceSnapshot | null = null;
let table: TableInfo;

beforeAll(async () => {
  server = await startImageServer('11.8');
  admin = await mysql.createConnection({ ...HOST_SOURCE });
  await admin.query(`DROP DATABASE IF EXISTS ${q(db)}`);
  await admin.query(`CREATE DATABASE ${q(db)}`);
  await admin.query(DDL);
  await admin.query(`USE ${q(db)}`);
  await admin.query(`INSERT INTO ${q(db)}.t SELECT seq, IF(seq % 5 = 0, NULL, CONCAT('héllo ', seq)), IF(seq % 7 = 0, NULL, seq / 3),
    IF(seq % 11 = 0, NULL, '2024-02-29 12:00:00.123' + INTERVAL seq MINUTE), IF(seq % 3 = 0, NULL, REPEAT('x', seq % 300)),
    IF(seq % 2 = 0, NULL, b'10101'), IF(seq % 4 = 0, NULL, ELT(1 + seq % 2, 'a', 'b')), IF(seq % 6 = 0, NULL, seq / 7), UNHEX(MD5(seq))
    FROM seq_1_to_3000`);
  catalog = await openSession(HOST_SOURCE, 'source');
  [table] = (await readCatalog(catalog, [db]))[0]?.tables as [TableInfo];
  target = await openSession(server.endpoint, 'target', targetSetup('', true));
  await target.exec(`CREATE DATABASE ${q(db)}`);
  await target.exec(DDL);
});

afterAll(async () => {
  await snapshot?.release();
  await target?.close();
  await catalog?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${q(db)}`);
  await admin?.end();
  await server?.stop();
});

describe('verification by CHECKSUM TABLE', () => {
  it('reads the source snapshot: writes committed after it do not change it', async () => {
    snapshot = await takeSnapshot(HOST_SOURCE, [table], 1);
    const session = snapshot.sessions[0] as Session;
    const before = await checksumTable(session, table);
    await admin.query(`UPDATE ${q(db)}.t SET name = 'changed' WHERE id = 1`);
    await admin.query(`INSERT INTO ${q(db)}.t (id, name) VALUES (5000, 'new')`);
    await admin.query(`DELETE FROM ${q(db)}.t WHERE id = 2`);
    expect(before).not.toBeNull();
    expect(await checksumTable(session, table)).toBe(before);
    expect(await checksumTable(catalog, table)).not.toBe(before);
  });

  it('verifies a copy 10.11 -> 11.8 whole, and falls back to row checksums when the values differ', async () => {
    const workers: WorkerPair[] = [{ source: snapshot?.sessions[0] as Session, target }];
    const tasks = await planTasks(workers[0]!.source, [table]);
    const journal = new CopyJournal();
    const tableChecksums: TableChecksums = new Map();
    const [outcome] = await copyTables(workers, tasks, journal, { tableChecksums });
    expect(journal.failures).toEqual([]);
    expect(outcome?.rows).toBe(3000);
    const sides = tableChecksums.get(table);
    if (!sides || sides instanceof Error) throw new Error(`no CHECKSUM TABLE result: ${String(sides)}`);
    // Ordinary rows are stored alike by both versions: their CHECKSUM TABLE values agree.
    expect(sides.target).toEqual(sides.source);
    const [whole] = await verifyTables(workers, tasks, 'checksums', journal, { tableChecksums });
    expect(whole).toMatchObject({ ok: true, algorithm: 'checksum-table', sourceRows: 3000, targetRows: 3000 });

    // Values that differ (as when two versions store a row differently) are settled by the row checksums.
    tableChecksums.set(table, { ...sides, target: { ...sides.target, checksum: '1' } });
    const [settled] = await verifyTables(workers, tasks, 'checksums', journal, { tableChecksums });
    expect(settled).toMatchObject({ ok: true, algorithm: 'row-crc32-over-checksum-table', sourceRows: 3000, targetRows: 3000 });
    expect(journal.failures).toEqual([]);

    // A real difference fails either way.
    await target.exec(`UPDATE ${q(db)}.t SET body = 'tampered' WHERE id = 10`);
    const [failed] = await verifyTables(workers, tasks, 'checksums', journal, { tableChecksums: new Map([[table, { ...sides, target: { rows: 3000, checksum: await checksumTable(target, table) } }]]) });
    expect(failed).toMatchObject({ ok: false, algorithm: 'row-crc32-over-checksum-table' });
    expect(journal.failures.map((f) => f.kind)).toEqual(['verify']);
  });

  it('fails a FLOAT that lost its digits (1.2345678 arriving as 1.23457), which CHECKSUM TABLE sees and the row hash may not overrule', async () => {
    const floats = `${q(db)}.floats`;
    for (const side of [admin, null]) {
      const run = (sql: string): Promise<unknown> => (side ? side.query(sql) : target.exec(sql));
      await run(`CREATE TABLE ${floats} (id INT PRIMARY KEY, f FLOAT NULL) ENGINE=InnoDB`);
      await run(`INSERT INTO ${floats} VALUES (1, ${side ? '1.2345678' : '1.23457'}), (2, ${side ? '16777217' : '16777200'}), (3, NULL)`);
    }
    const [floatTable] = (await readCatalog(catalog, [db]))[0]?.tables.filter((t) => t.name === 'floats') as [TableInfo];
    const sides = { source: { rows: 3, checksum: await checksumTable(catalog, floatTable) }, target: { rows: 3, checksum: await checksumTable(target, floatTable) } };
    expect(sides.target.checksum).not.toBe(sides.source.checksum);
    const workers: WorkerPair[] = [{ source: catalog, target }];
    const tasks = await planTasks(catalog, [floatTable]);
    const journal = new CopyJournal();
    const [entry] = await verifyTables(workers, tasks, 'checksums', journal, { tableChecksums: new Map([[floatTable, sides]]) });
    expect(entry).toMatchObject({ ok: false, algorithm: 'row-crc32-over-checksum-table' });
    // A column the row hash does not read exactly (a type it does not know) leaves CHECKSUM TABLE's mismatch standing.
    const unknown = { ...floatTable, columns: floatTable.columns.map((c) => (c.name === 'f' ? { ...c, dataType: 'vector' } : c)) };
    const [stands] = await verifyTables(workers, await planTasks(catalog, [unknown]), 'checksums', journal, { tableChecksums: new Map([[unknown, sides]]) });
    expect(stands).toMatchObject({ ok: false, algorithm: 'checksum-table' });
    expect(journal.failures.map((f) => [f.object, f.kind])).toEqual([['floats', 'verify'], ['floats', 'verify']]);
    expect(journal.failures[1]?.message).toMatch(/CHECKSUM TABLE differs and the row hash cannot overrule it/);
  });

  it('hashes rows so that moving bytes across columns or passing a value for NULL changes the hash', async () => {
    const moved = `${q(db)}.moved`;
    await admin.query(`CREATE TABLE ${moved} (id INT PRIMARY KEY, a VARCHAR(10) NULL, b VARCHAR(10) NULL) ENGINE=InnoDB`);
    await admin.query(`INSERT INTO ${moved} VALUES (1, 'a#', 'b'), (2, 'a', '#b'), (3, NULL, 'N'), (4, 'N', NULL), (5, '', NULL), (6, NULL, ''), (7, '1:a', 'b'), (8, '1', ':ab')`);
    const [movedTable] = (await readCatalog(catalog, [db]))[0]?.tables.filter((t) => t.name === 'moved') as [TableInfo];
    const values = movedTable.columns.filter((c) => c.name !== 'id');
    const [rows] = await admin.query(`SELECT id, ${rowHashSql(values)} h FROM ${moved} ORDER BY id`);
    const hashes = (rows as { h: number }[]).map((r) => r.h);
    expect(hashes).toHaveLength(8);
    expect(new Set(hashes).size).toBe(8);
  });
});
