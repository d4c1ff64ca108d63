import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { runOperation } from '../../src/operations/runner.ts';
import { executors } from '../../src/operations/executors.ts';
import { removeOldCopies } from '../../src/operations/rollback-window.ts';
import { runSteps } from '../../src/operations/steps/declarations.ts';
import { journaledDetail } from '../../src/operations/steps/journal.ts';
import { canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, source, as, type LiveEnv } from './helpers/live-env.ts';

// Item 3 of issue 11: the old copies a run leaves go after the retention only if they are what the run recorded leaving,
// unchanged and still locked; otherwise the team is told and they stay.
let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
let late: Awaited<ReturnType<LiveEnv['open']>>;
let runId = '';
const day = 86_400_000;

beforeAll(async () => {
  live = await openLiveEnv('oldcopies', { oldCopyRetentionDays: 0 });
  rt = await live.open();
  // Past the rollback deadline: the window is closed and the old copies may be removed.
  late = await live.open({ clock: { now: () => new Date(Date.now() + 8 * day) } });
  const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
  runId = (await handlePress(rt.core, as('alice'), confirm)).operations[0]!;
  await runOperation(rt.core, runId, 'w-test', executors);
}, 300_000);
afterAll(async () => {
  await live?.dispose();
});

async function root(sql: string): Promise<mysql.RowDataPacket[]> {
  const c = await mysql.createConnection({ ...source, multipleStatements: true });
  try {
    return (await c.query<mysql.RowDataPacket[]>(sql))[0];
  } finally {
    await c.end();
  }
}
const oldDatabases = async () => (await root(`SELECT SCHEMA_NAME n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('${live.databases.join("','")}') ORDER BY 1`)).map((r) => String(r['n']));
const oldUser = async () => (await root(`SELECT User FROM mysql.user WHERE User = '${live.appUser}'`)).length;
const lastTeamText = () => late.chat.posts.filter((p) => p.destination.channelId === 'team' && !p.destination.ephemeralTo).at(-1)?.message.text ?? '';
const kept = (reasons: string) => `The copies of acct the bot left on local-10.11 are kept, not removed: ${reasons}. Nothing was dropped there; an admin may remove them by hand once nobody needs them.`;

describe('the removal of a run\'s old copies', () => {
  it('is recorded once the account runs on the target: the databases, the users and their fingerprint', async () => {
    expect((await rt.core.store.operations.get(runId))?.status).toBe('succeeded');
    const record = await journaledDetail(rt.core, runId, runSteps.oldCopy);
    expect(record).toMatchObject({ server: 'local-10.11', databases: live.databases, users: [{ user: live.appUser, host: '%' }] });
    expect(record?.fingerprint?.map((d) => d.database)).toEqual(live.databases);
  });

  it('keeps the copies and tells the team when the journal has no record (a run of an earlier version)', async () => {
    const state = await mysql.createConnection(live.env.MIGRATE_BOT_STATE_URL);
    const [rows] = await state.query<mysql.RowDataPacket[]>('SELECT * FROM operation_steps WHERE operation_id = ? AND step = ?', [runId, runSteps.oldCopy.name]);
    await state.query('DELETE FROM operation_steps WHERE operation_id = ? AND step = ?', [runId, runSteps.oldCopy.name]);
    try {
      await removeOldCopies(late.core, runId);
      expect(lastTeamText()).toBe(kept('the bot has no record of what it left there (an operation of an earlier version, or its fingerprint could not be taken)'));
      expect(await oldDatabases()).toEqual([...live.databases].sort());
    } finally {
      for (const row of rows) await state.query('INSERT INTO operation_steps SET ?', [row]);
      await state.end();
    }
  });

  it('keeps them when someone wrote there since the cutover, or unlocked a user, and says so', async () => {
    const before = await fingerprint(source, live.databases);
    await root(`INSERT INTO ${live.databases[1]}.log VALUES ('2030-01-01', 'written on the old server by an admin')`);
    await removeOldCopies(late.core, runId);
    expect(lastTeamText()).toBe(kept(`database ${live.databases[1]} changed since the bot left it`));
    expect(await fingerprint(source, live.databases)).not.toEqual(before);
    // The same rows again: unchanged. But an admin unlocked the app's user to use the old copy: kept too.
    await root(`DELETE FROM ${live.databases[1]}.log WHERE line = 'written on the old server by an admin'`);
    await root(`ALTER USER '${live.appUser}'@'%' ACCOUNT UNLOCK`);
    expect(await canLogIn(source, live.appUser)).toBe(true);
    await removeOldCopies(late.core, runId);
    expect(lastTeamText()).toBe(kept(`user ${live.appUser}@% is unlocked again`));
    expect(await fingerprint(source, live.databases)).toEqual(before);
    expect(await oldUser()).toBe(1);
  });

  it('drops them and their locked users when they are as the run left them; the new copies stay', async () => {
    await root(`ALTER USER '${live.appUser}'@'%' ACCOUNT LOCK`);
    const onTarget = await fingerprint(live.target, live.databases);
    await removeOldCopies(late.core, runId);
    expect(lastTeamText()).toBe(`The old copies of acct on local-10.11 were removed: database ${live.databases[0]}, database ${live.databases[1]}, user ${live.appUser}@%.`);
    expect(await oldDatabases()).toEqual([]);
    expect(await oldUser()).toBe(0);
    expect(await fingerprint(live.target, live.databases)).toEqual(onTarget);
    expect(await canLogIn(live.target, live.appUser)).toBe(true);
    // Firing again (a timer run twice) finds nothing left, drops nothing and tells nobody.
    const posts = late.chat.posts.length;
    await removeOldCopies(late.core, runId);
    expect(late.chat.posts.length).toBe(posts);
  });
});
