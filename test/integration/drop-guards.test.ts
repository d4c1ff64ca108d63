import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/drivers/driver.ts';
import { MariadbDriver } from '../../src/drivers/mariadb/mariadb-driver.ts';
import { COPY_MARK } from '../../src/drivers/mariadb/copy-mark.ts';
import { StaticProvisioner } from '../../src/drivers/mariadb/provisioners/static.ts';
import { UserError } from '../../src/errors.ts';
import { translator } from '../../src/messages/i18n.ts';
import { failureText, type StoredFailure } from '../../src/messages/operation-view.ts';
import { startHostServer, type TestServer } from './helpers/copier-server.ts';
import { contents, dropGuardAccount, openGuardBot, portForward, production, seedGuardAccount, sql } from './helpers/guard-env.ts';

// Items 1 and 2 of issue 11: the bot never drops on a server holding the account's live data, whatever address reaches
// it, and drops only databases it created (marked). "Production" is the host's 10.11; "other" a throwaway 10.11 beside it.
const driver = new MariadbDriver();
let other: TestServer;
let forward: Awaited<ReturnType<typeof portForward>>;
let account: Awaited<ReturnType<typeof seedGuardAccount>>;
const users = () => [{ user: account.user, host: '%' }];
const marks = async (endpoint: Endpoint) => Object.fromEntries((await sql(endpoint,
  'SELECT SCHEMA_NAME n, SCHEMA_COMMENT c FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [account.databases])).map((r) => [String(r['n']), String(r['c'])]));
const rejectionOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

beforeAll(async () => {
  [other, forward, account] = await Promise.all([startHostServer(), portForward(production), seedGuardAccount('guards')]);
});
afterAll(async () => {
  await other?.stop();
  await forward?.close();
  if (account) await dropGuardAccount(account.databases, account.user);
  // The static pool test leased production: its bookkeeping schema goes once no lease is left in it.
  const [left] = await sql(production, "SELECT COUNT(*) n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'migrate_bot_lease' AND TABLE_NAME = 'lease'");
  if (Number(left?.['n']) > 0 && Number((await sql(production, 'SELECT COUNT(*) n FROM migrate_bot_lease.lease'))[0]?.['n']) === 0) {
    await sql(production, 'DROP DATABASE migrate_bot_lease');
  }
});

describe('server identity', () => {
  it('knows one server reached through two addresses, and two servers of one machine apart', async () => {
    expect(await driver.sameServer(production, forward.endpoint)).toBe(true);
    expect(await driver.sameServer(forward.endpoint, production)).toBe(true);
    expect(await driver.sameServer(production, other.endpoint)).toBe(false);
    expect(await driver.sameServer(other.endpoint, { ...other.endpoint })).toBe(true);
  });
});

describe('copies replacing what exists', () => {
  it('refuse a target that is the source under another address, before anything is dropped', async () => {
    const before = await contents(production, account.databases);
    const error = await rejectionOf(driver.copyAccount({ source: production, target: forward.endpoint, databases: account.databases, users: users(), replaceExisting: true }));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('copier.target-is-live');
    expect(await contents(production, account.databases)).toEqual(before);
    // And a target that is one of the account's other live servers (`live`), named by the caller.
    const viaLive = await rejectionOf(driver.copyAccount({ source: production, target: other.endpoint, databases: account.databases, users: [], replaceExisting: true, live: [other.endpoint] }));
    expect((viaLive as UserError).code).toBe('copier.target-is-live');
    expect(await marks(other.endpoint)).toEqual({});
  });

  it('mark the databases they create, replace marked ones, and refuse a same-named database without the mark', async () => {
    const request = { source: production, target: other.endpoint, databases: account.databases, users: users(), replaceExisting: true };
    expect((await driver.copyAccount(request)).ok).toBe(true);
    expect(await marks(other.endpoint)).toEqual({ [account.databases[0]]: COPY_MARK, [account.databases[1]]: COPY_MARK });
    expect((await driver.copyAccount(request)).ok).toBe(true);
    // Someone's database of the same name: refused whole, the first database (marked) not dropped either.
    await sql(other.endpoint, `DROP DATABASE ${account.databases[1]}; CREATE DATABASE ${account.databases[1]}; CREATE TABLE ${account.databases[1]}.theirs (id INT PRIMARY KEY)`);
    await sql(other.endpoint, `INSERT INTO ${account.databases[0]}.orders VALUES (100000, 1)`);
    const error = await rejectionOf(driver.copyAccount(request));
    expect((error as UserError).code).toBe('copier.target-not-a-copy');
    expect((error as UserError).params).toMatchObject({ database: account.databases[1] });
    expect(await sql(other.endpoint, `SELECT COUNT(*) n FROM ${account.databases[1]}.theirs`)).toHaveLength(1);
    expect(await sql(other.endpoint, `SELECT id FROM ${account.databases[0]}.orders WHERE id = 100000`)).toHaveLength(1);
  });
});

describe('dropCopy', () => {
  it('drops nothing while a database lacks the mark or a user is unlocked, nor ever on a live server; then all of it', async () => {
    // State from above: databases[0] marked, databases[1] someone's; the app user copied unlocked (a test copy).
    const request = { endpoint: other.endpoint, databases: account.databases, users: users(), live: [production], proof: { kind: 'marked' as const } };
    expect((await driver.dropCopy(request)).refusals).toEqual([
      { code: 'not-a-copy', object: `database ${account.databases[1]}` }, { code: 'unlocked', object: `user ${account.user}@%` },
    ]);
    expect(Object.keys(await marks(other.endpoint)).sort()).toEqual([...account.databases].sort());
    const before = await contents(production, account.databases);
    const onLive = await driver.dropCopy({ ...request, endpoint: forward.endpoint, live: [production] });
    expect(onLive).toEqual({ dropped: [], refusals: [{ code: 'live-server', object: `127.0.0.1:${forward.endpoint.port}` }] });
    expect(await contents(production, account.databases)).toEqual(before);
    // Their database moved away, the user locked (as a run leaves its copies): everything goes, and again is a no-op.
    await sql(other.endpoint, `DROP DATABASE ${account.databases[1]}; ALTER USER '${account.user}'@'%' ACCOUNT LOCK`);
    expect(await driver.dropCopy(request)).toEqual({ dropped: [`database ${account.databases[0]}`, `user ${account.user}@%`], refusals: [] });
    expect(await marks(other.endpoint)).toEqual({});
    expect(await driver.dropCopy(request)).toEqual({ dropped: [], refusals: [] });
  });
});

describe('a static pool server', () => {
  it('gives back a test\'s recorded databases only when they carry the mark', async () => {
    const pool = new StaticProvisioner([{ ...other.endpoint, version: '10.11' }]);
    const lease = await pool.create({ id: 'guard-lease', version: '10.11', dataBytes: 0 });
    await pool.recordCreated(lease.handle, { databases: ['gd_pool_theirs', 'gd_pool_ours'] });
    await sql(other.endpoint, `CREATE DATABASE gd_pool_theirs; CREATE DATABASE gd_pool_ours COMMENT '${COPY_MARK}'`);
    await pool.destroy(lease.handle);
    expect((await sql(other.endpoint, "SELECT SCHEMA_NAME n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'gd\\_pool\\_%'")).map((r) => String(r['n']))).toEqual(['gd_pool_theirs']);
  });
});

describe('a test import whose static pool names the production server under another address', () => {
  it('is refused in the reader\'s language before anything is copied, drops nothing, and gives the server back', async () => {
    const bot = await openGuardBot('guardpool', account, forward.endpoint);
    try {
      const before = await contents(production, account.databases);
      const op = await bot.test('alice', 'fr');
      expect(op.status).toBe('failed');
      const failure = op.error as StoredFailure;
      expect([failure.step, failure.fact?.key]).toEqual(['provision', 'temporary-is-live']);
      const address = `127.0.0.1:${forward.endpoint.port}`;
      expect(failureText(translator('en'), failure)).toBe(`The temporary server the provisioner gave (\`${address}\`) is \`local-10.11\`, which holds the live data of \`acct\`, `
        + 'whatever address reaches it: a test would replace those databases. The test stopped before copying anything; nothing was dropped. An admin must give the migration\'s provisioner other servers.');
      // The requester reads French, the team channel the config's English.
      expect(failure.reason).toMatch(/^Le serveur temporaire fourni par le provisionneur/);
      expect(bot.chat.posts.map((p) => p.message.text)).toContain(`test of acct (rebuild) failed at provision: ${failureText(translator('en'), failure)}`);
      expect(await contents(production, account.databases)).toEqual(before);
      expect(await sql(production, 'SELECT 1 FROM mysql.user WHERE User = ?', [account.user])).toHaveLength(1);
      expect(await sql(production, 'SELECT spec_id FROM migrate_bot_lease.lease')).toEqual([]);
      expect(await sql(production, 'SELECT * FROM migrate_bot_lease.created WHERE spec_id = ?', [op.id])).toEqual([]);
      expect((await bot.core.store.temporaryServers.forOperation(op.id))?.destroyedAt).not.toBeNull();
    } finally {
      await bot.dispose();
    }
  });
});
