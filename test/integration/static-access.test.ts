import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { fireTimer } from '../../src/operations/timers.ts';
import { expiryTimerId } from '../../src/operations/temporary-servers.ts';
import { startHostServer, type TestServer } from './helpers/copier-server.ts';
import { dropGuardAccount, openGuardBot, seedGuardAccount, sql } from './helpers/guard-env.ts';

// Item 4 of issue 11: a test on a static pool server hands the requester a user of its own, limited to the
// account's databases, never the pool's admin; that user goes with the temporary server.
let pool: TestServer;
let account: Awaited<ReturnType<typeof seedGuardAccount>>;
let bot: Awaited<ReturnType<typeof openGuardBot>>;

beforeAll(async () => {
  [pool, account] = await Promise.all([startHostServer(), seedGuardAccount('access')]);
  bot = await openGuardBot('staticaccess', account, pool.endpoint);
});
afterAll(async () => {
  await bot?.dispose();
  await pool?.stop();
  if (account) await dropGuardAccount(account.databases, account.user);
});

const logIn = (user: string, password: string) => mysql.createConnection({ host: pool.endpoint.host, port: pool.endpoint.port, user, password });

describe('a test on a static pool server', () => {
  it('shows the requester alone a user limited to the account\'s databases, never the pool\'s admin, and drops it with the server', async () => {
    const op = await bot.test('alice');
    expect(op.status).toBe('succeeded');
    const credentials = bot.chat.posts.filter((p) => p.message.text.startsWith('Temporary server for your tests'));
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.destination.ephemeralTo).toBe('alice');
    const shown = /user `([^`]+)`, password `([^`]+)`/.exec(credentials[0]?.message.text ?? '');
    const [user, password] = [shown?.[1] ?? '', shown?.[2] ?? ''];
    expect(user).toMatch(/^mbt_[0-9a-f]{12}$/);
    expect(password).toHaveLength(24);
    // The pool's admin credentials appear in no message, to anyone.
    for (const text of bot.chat.texts()) {
      expect(text).not.toContain(pool.endpoint.password);
      expect(text).not.toContain(`\`${pool.endpoint.user}\``);
    }

    const requester = await logIn(user, password);
    try {
      const [rows] = await requester.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) n FROM ${account.databases[0]}.orders`);
      expect(Number(rows[0]?.['n'])).toBe(500);
      await requester.query(`INSERT INTO ${account.databases[1]}.posts VALUES (1000, 'mine')`);
      // Nothing beyond the account's databases: not the grant tables, not a database of another name, not one a wildcard would match.
      await expect(requester.query('SELECT * FROM mysql.user')).rejects.toThrow(/denied/);
      await expect(requester.query('CREATE DATABASE gd_access_other')).rejects.toThrow(/denied/);
      await expect(requester.query(`CREATE DATABASE ${account.databases[0].replace('_shop', 'xshop')}`)).rejects.toThrow(/denied/);
      await expect(requester.query('SELECT * FROM migrate_bot_lease.lease')).rejects.toThrow(/denied/);
    } finally {
      await requester.end();
    }

    // The temporary server's time is up: the requester's user goes with the copy.
    const server = (await bot.core.store.temporaryServers.forOperation(op.id))!;
    await bot.core.store.timers.upsert({ id: expiryTimerId(server.id), kind: 'temporary-expiry', subjectId: server.id, dueAt: new Date(Date.now() - 1000) }, new Date());
    await fireTimer(bot.core, expiryTimerId(server.id));
    expect(await sql(pool.endpoint, 'SELECT User FROM mysql.user WHERE User = ?', [user])).toEqual([]);
    expect(await sql(pool.endpoint, 'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [account.databases])).toEqual([]);
    await expect(logIn(user, password)).rejects.toThrow(/denied/);
  });
});
