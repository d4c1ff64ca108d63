import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAccount } from '../../src/drivers/mariadb/copier/copy-account.ts';
import { applyUserGrants, createUsersLocked, withAdmin } from '../../src/drivers/mariadb/live/users.ts';
import { accountDefinitions } from './helpers/features-compare.ts';
import { dropFeatures, loadFeatures, type FeaturesFixture } from './helpers/features-fixture.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from './helpers/copier-server.ts';

const suffix = randomBytes(3).toString('hex');
let fixture: FeaturesFixture;
let target: TestServer;

/** What a run's precopy does with users: created locked first, the databases copied, then the grants. */
async function precopyUsers(): Promise<{ user: string; host: string; ok: boolean }[]> {
  const prepared = await withAdmin(HOST_SOURCE, 'source', (source) => withAdmin(target.endpoint, 'target', (t) => createUsersLocked(source, t, fixture.users)));
  await copyAccount({ source: HOST_SOURCE, target: target.endpoint, databases: [fixture.database], users: [], replaceExisting: true, definers: fixture.definers });
  return withAdmin(target.endpoint, 'target', (t) => applyUserGrants(t, prepared));
}

/** The definitions with every account's lock state taken out: a run creates them all locked. */
const unlocked = (definitions: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(definitions)
  .map(([k, v]) => [k, v.replace(/ ACCOUNT LOCK\b/g, '').replace(/"account_locked":true,/g, '')]));

beforeAll(async () => {
  fixture = await loadFeatures(HOST_SOURCE, suffix);
  target = await startImageServer('11.8');
});

afterAll(async () => {
  await target?.stop();
  await dropFeatures(HOST_SOURCE, suffix);
});

describe("a run's users and roles (createUsersLocked, applyUserGrants)", () => {
  it('creates every user locked, as the source has it otherwise, with its roles, grants and password state', async () => {
    expect(await precopyUsers()).toEqual(fixture.users.map((u) => ({ ...u, ok: true })));
    const copy = await accountDefinitions(target.endpoint, fixture.users, fixture.roles);
    for (const user of fixture.users) expect(copy[`user ${user.user}@${user.host}`], user.user).toMatch(/ ACCOUNT LOCK\b[^]*"account_locked":true/);
    expect(unlocked(copy)).toEqual(unlocked(await accountDefinitions(HOST_SOURCE, fixture.users, fixture.roles)));
  });

  it('replaces its own roles when the precopy runs again, and refuses a role someone outside the account holds', async () => {
    expect((await precopyUsers()).every((u) => u.ok)).toBe(true);
    const [reader] = fixture.roles as [string];
    const outsider = `outsider_${suffix}`;
    const conn = await mysql.createConnection(target.endpoint);
    try {
      await conn.query("CREATE USER ?@'%'", [outsider]);
      await conn.query("GRANT ? TO ?@'%'", [reader, outsider]);
      await expect(withAdmin(HOST_SOURCE, 'source', (source) => withAdmin(target.endpoint, 'target', (t) => createUsersLocked(source, t, fixture.users))))
        .rejects.toThrow(`role ${reader} exists on the target and is held by ${outsider}@%, outside the account`);
      const [held] = await conn.query('SELECT COUNT(*) n FROM mysql.roles_mapping WHERE Role = ? AND User = ?', [reader, outsider]);
      expect((held as { n: number }[])[0]?.n).toBe(1);
    } finally {
      await conn.end();
    }
  });
});
