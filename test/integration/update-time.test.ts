import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_SOURCE } from './helpers/copier-server.ts';

/**
 * Why the frozen pass does not use information_schema.TABLES.UPDATE_TIME to
 * skip tables "not written since the last online pass": on MariaDB 10.11,
 * InnoDB sets it at commit to the time the TRANSACTION STARTED (trx
 * start_time), not to the commit time. A write committed after a pass started
 * can leave UPDATE_TIME older than the pass start, and the table would be
 * wrongly taken as unchanged. (It is also in memory only: NULL after a restart
 * or after the table left the dictionary cache.) Not trustworthy: unused.
 */
const db = `update time ${process.pid}`;
const q = (s: string): string => '`' + s.replaceAll('`', '``') + '`';
let admin: mysql.Connection;

const updateTime = async (): Promise<string | null> => {
  const [rows] = await admin.query<mysql.RowDataPacket[]>(
    "SELECT DATE_FORMAT(UPDATE_TIME, '%Y-%m-%d %H:%i:%s') u FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 't'", [db]);
  return (rows[0]?.['u'] as string | null) ?? null;
};
const now = async (): Promise<string> => {
  const [rows] = await admin.query<mysql.RowDataPacket[]>("SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s') n");
  return rows[0]?.['n'] as string;
};

beforeAll(async () => {
  admin = await mysql.createConnection({ ...HOST_SOURCE });
  await admin.query(`DROP DATABASE IF EXISTS ${q(db)}`);
  await admin.query(`CREATE DATABASE ${q(db)}`);
  await admin.query(`CREATE TABLE ${q(db)}.t (id INT PRIMARY KEY) ENGINE=InnoDB`);
});

afterAll(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${q(db)}`);
  await admin?.end();
});

describe('InnoDB UPDATE_TIME on MariaDB 10.11', () => {
  it('is the start time of the writing transaction: a write committed after a pass start can leave it before that start', async () => {
    const writer = await mysql.createConnection({ ...HOST_SOURCE });
    try {
      // A transaction that started (read the table) before the pass and writes and commits during it.
      await writer.query('START TRANSACTION');
      await writer.query(`SELECT COUNT(*) FROM ${q(db)}.t`);
      await writer.query('SELECT SLEEP(1.2)');
      const passStart = await now();
      await writer.query('SELECT SLEEP(1.2)');
      await writer.query(`INSERT INTO ${q(db)}.t VALUES (1)`);
      await writer.query('COMMIT');
      const committedAt = await now();
      const seen = await updateTime();
      expect(seen).not.toBeNull();
      expect(committedAt > passStart).toBe(true);
      // The committed write did not move UPDATE_TIME to (or past) the pass start.
      expect((seen as string) < passStart).toBe(true);
    } finally {
      await writer.end();
    }
  });
});
