import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../src/drivers/mariadb/copier/catalog.ts';
import { openSession } from '../../src/drivers/mariadb/copier/connections.ts';
import { takeSnapshot } from '../../src/drivers/mariadb/copier/snapshot.ts';
import { holdWrites } from '../../src/drivers/mariadb/live/write-lock.ts';
import { syncAccount } from '../../src/drivers/mariadb/sync/sync.ts';
import { isUserError } from '../../src/errors.ts';
import { HOST_SOURCE, startHostServer, type TestServer } from './helpers/copier-server.ts';

// The locks of an account's tables on the host's 10.11: bounded waits, and a lock that stops every writer but no reader.
const db = `wlock_${process.pid}`;
const other = `wlock_other_${process.pid}`;
let admin: mysql.Connection;
let server: TestServer;

const connect = (user = 'root', password = '') => mysql.createConnection({ host: HOST_SOURCE.host, port: HOST_SOURCE.port, user, password });

/** Runs `sql` on a fresh connection waiting at most `seconds` for locks; resolves with how it ended and after how long. */
async function timed(sql: string, seconds: number, user?: string): Promise<{ ok: boolean; errno?: number; ms: number }> {
  const c = user ? await connect(user, 'other-password') : await connect();
  const started = Date.now();
  try {
    await c.query(`SET SESSION lock_wait_timeout = ${seconds}`);
    await c.query(sql);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, errno: (error as { errno?: number }).errno ?? 0, ms: Date.now() - started };
  } finally {
    await c.end();
  }
}

async function tables() {
  const session = await openSession(HOST_SOURCE, 'source');
  try {
    return (await readCatalog(session, [db])).flatMap((c) => c.tables);
  } finally {
    await session.close();
  }
}

beforeAll(async () => {
  admin = await connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db}`);
  await admin.query(`CREATE DATABASE ${db}`);
  for (const t of ['t1', 't2']) await admin.query(`CREATE TABLE ${db}.${t} (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB`);
  await admin.query(`CREATE TABLE ${db}.m (id INT PRIMARY KEY) ENGINE=MyISAM`);
  await admin.query(`CREATE SEQUENCE ${db}.s`);
  await admin.query(`USE ${db}`);
  await admin.query(`INSERT INTO ${db}.t1 (v) SELECT seq FROM seq_1_to_100`);
  // A user outside any account the bot knows, with write rights: a lock of the account's users does not stop it.
  await admin.query(`CREATE USER IF NOT EXISTS '${other}'@'%' IDENTIFIED BY 'other-password'`);
  await admin.query(`GRANT ALL PRIVILEGES ON ${db}.* TO '${other}'@'%'`);
});

afterAll(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${db}`);
  await admin?.query(`DROP USER IF EXISTS '${other}'@'%'`);
  await admin?.end();
  await server?.stop();
});

describe("the snapshot's lock waits a few seconds per try", () => {
  it('gives up clearly after its tries, and the writers of the tables it got meanwhile waited a few seconds, not 120', async () => {
    // A transaction that wrote to t2 and stays open: LOCK TABLES t1 READ, t2 READ gets t1, then waits for t2.
    const holder = await connect();
    await holder.query('BEGIN');
    await holder.query(`INSERT INTO ${db}.t2 (v) VALUES (1)`);
    try {
      const started = Date.now();
      const snapshot = takeSnapshot(HOST_SOURCE, await tables(), 1).then(() => null, (error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const write = await timed(`INSERT INTO ${db}.t1 (v) VALUES (7)`, 60);
      const error = await snapshot;
      const elapsed = Date.now() - started;
      process.stdout.write(`snapshot lock: gave up after ${elapsed} ms; a write to a table it held waited ${write.ms} ms\n`);
      expect(write.ok).toBe(true);
      expect(write.ms).toBeLessThan(8_000);
      expect(isUserError(error) && error.code).toBe('copier.tables-busy');
      expect(isUserError(error) && error.params).toMatchObject({ attempts: 3, seconds: 5, holders: expect.stringContaining('root@') as unknown });
      expect(elapsed).toBeGreaterThan(3 * 5_000);
      expect(elapsed).toBeLessThan(60_000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  }, 90_000);
});

describe('the lock of the account’s tables from the final copy to the cutover', () => {
  it('stops a writer the account lock does not cover, NEXTVAL and DDL, but no reader, no READ lock and no frozen pass', async () => {
    server = await startHostServer();
    const [[count]] = await admin.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) n FROM ${db}.t1`) as unknown as [[mysql.RowDataPacket]];
    const hold = await holdWrites(HOST_SOURCE, [db]);
    let released = false;
    try {
      expect(hold.tables).toBe(4);
      const blocked = await Promise.all([
        timed(`INSERT INTO ${db}.t1 (v) VALUES (1)`, 2, other), timed(`INSERT INTO ${db}.m VALUES (1)`, 2, other),
        timed(`SELECT NEXTVAL(${db}.s)`, 2, other), timed(`ALTER TABLE ${db}.t2 ADD COLUMN z INT`, 2),
      ]);
      expect(blocked.map((b) => b.errno)).toEqual([1205, 1205, 1205, 1205]);
      const reads = await Promise.all([timed(`SELECT COUNT(*) FROM ${db}.t1`, 2, other), timed(`LOCK TABLES ${db}.t1 READ, ${db}.m READ`, 2)]);
      expect(reads.map((r) => r.ok)).toEqual([true, true]);
      // The bot's own frozen pass reads the source through other sessions (snapshot included) while the lock is held.
      const frozen = await syncAccount({ source: HOST_SOURCE, target: server.endpoint, databases: [db], mode: 'frozen' });
      expect(frozen.ok, JSON.stringify(frozen.failures)).toBe(true);
      expect(frozen.verification.find((v) => v.table === 't1')?.targetRows).toBe(Number(count['n']));
      await hold.check();

      // A write that waits for the lock goes through once it is released, and only then.
      const waiting = timed(`INSERT INTO ${db}.t1 (v) VALUES (2)`, 30, other).then((r) => ({ ...r, afterRelease: released }));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      released = true;
      await hold.release();
      const write = await waiting;
      expect(write).toMatchObject({ ok: true, afterRelease: true });
      expect(write.ms).toBeGreaterThan(900);
      await expect(hold.check()).rejects.toThrow('the lock on the account\'s tables ended before the cutover');
    } finally {
      await hold.release();
    }
  }, 90_000);

  it('fails clearly when a transaction keeps writes open through every try', async () => {
    const holder = await connect(other, 'other-password');
    await holder.query('BEGIN');
    await holder.query(`INSERT INTO ${db}.t2 (v) VALUES (3)`);
    try {
      const started = Date.now();
      const error = await holdWrites(HOST_SOURCE, [db], { bound: { waitSeconds: 1, attempts: 2, pauseMs: 100 } }).then(async (h) => { await h.release(); return null; }, (e: unknown) => e);
      expect(isUserError(error) && error.params).toMatchObject({ tables: 4, attempts: 2, seconds: 1, holders: `${other}@127.0.0.1` });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  }, 30_000);
});
