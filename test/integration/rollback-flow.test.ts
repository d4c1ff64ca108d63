import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { handleCommand } from '../../src/commands/dispatch.ts';
import { runOperation } from '../../src/operations/runner.ts';
import { executors } from '../../src/operations/executors.ts';
import { fireTimer } from '../../src/operations/timers.ts';
import { asApp, canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, source, as, type LiveEnv } from './helpers/live-env.ts';

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
let offset = 0;
let clocked: Awaited<ReturnType<LiveEnv['open']>>;
const day = 86_400_000;

beforeAll(async () => {
  live = await openLiveEnv('rbflow', { oldCopyRetentionDays: 3 });
  rt = await live.open();
  clocked = await live.open({ clock: { now: () => new Date(Date.now() + offset) } });
});
afterAll(async () => {
  await live?.dispose();
});

/** Confirm pressed by alice and the operation run to its end by a worker of this process. */
async function confirmAndRun(command: string): Promise<string> {
  const confirm = await requestConfirm(rt, 'alice', command);
  const id = (await handlePress(rt.core, as('alice'), confirm)).operations[0]!;
  await runOperation(rt.core, id, 'w-test', executors);
  return id;
}

describe('rollback', () => {
  it('refuses, naming each object, when the old version does not know a collation, and leaves the account on the new server intact', async () => {
    expect((await rt.core.store.operations.get(await confirmAndRun('/migrate run m118 acct')))?.status).toBe('succeeded');
    await asApp(live.target, live.appUser, `CREATE TABLE ${live.databases[0]}.from_mysql8 (id INT PRIMARY KEY, name VARCHAR(20)) COLLATE utf8mb4_0900_ai_ci;
      INSERT INTO ${live.databases[0]}.from_mysql8 VALUES (1, 'a')`);
    const before = await fingerprint(live.target, live.databases);
    const id = await confirmAndRun('/migrate rollback acct');
    const op = (await rt.core.store.operations.get(id))!;
    expect(op.status).toBe('failed');
    expect((op.error as { step: string }).step).toBe('check-compat');
    expect((op.error as { reason: string }).reason).toContain(`table ${live.databases[0]}.from_mysql8 (utf8mb4_0900_ai_ci)`);
    expect((op.error as { reason: string }).reason).toContain(`column ${live.databases[0]}.from_mysql8.name (utf8mb4_0900_ai_ci)`);
    expect((await rt.core.store.accountStates.get('acct'))?.serverId).toBe('target-11.8');
    expect(await fingerprint(live.target, live.databases)).toEqual(before);
    expect(await canLogIn(live.target, live.appUser)).toBe(true);
    expect(await canLogIn(source, live.appUser)).toBe(false);
    const team = rt.chat.posts.map((p) => p.message.text);
    expect(team).toEqual(expect.arrayContaining(['rollback of acct (m118) started.', expect.stringMatching(/^rollback of acct \(m118\) failed at check-compat: .*utf8mb4_0900_ai_ci/)]));
  });

  it('starts exactly one rollback from 20 concurrent presses of its Confirm, and keeps rows written after the migration', async () => {
    await asApp(live.target, live.appUser, `DROP TABLE ${live.databases[0]}.from_mysql8; INSERT INTO ${live.databases[0]}.orders (amount) VALUES (99.99);
      UPDATE ${live.databases[1]}.log SET line = 'rewritten' WHERE line = ''`);
    const confirm = await requestConfirm(rt, 'alice', '/migrate rollback acct');
    // Someone else pressing alice's confirmation is refused.
    await handlePress(rt.core, as('dave'), confirm);
    expect(rt.chat.posts.at(-1)?.message.text).toContain('This confirmation belongs to alice');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => handlePress(rt.core, as('alice'), confirm)));
    const ids = [...new Set(outcomes.flatMap((o) => o.operations))];
    expect(ids).toHaveLength(1);
    await runOperation(rt.core, ids[0]!, 'w-test', executors);
    expect((await rt.core.store.operations.get(ids[0]!))?.status).toBe('succeeded');
    expect(await fingerprint(source, live.databases)).toEqual(await fingerprint(live.target, live.databases));
    expect(await canLogIn(source, live.appUser)).toBe(true);
    expect(await canLogIn(live.target, live.appUser)).toBe(false);
    // The run's old copies are never removed now that the account moved back: its removal timer does nothing.
    const state = (await rt.core.store.accountStates.get('acct'))!;
    const { removeOldCopies } = await import('../../src/operations/rollback-window.ts');
    await removeOldCopies(rt.core, state.runOperationId!);
    expect(Object.keys(await fingerprint(source, live.databases)).length).toBeGreaterThan(0);
  });

  it('enforces the deadline from the state database: reminder, refusal after it, button removed, old copies removed after the retention', async () => {
    const runId = await confirmAndRun('/migrate run m118 acct');
    const state = (await rt.core.store.accountStates.get('acct'))!;
    const deadline = state.rollbackDeadline!;
    expect(deadline.getTime() - (await rt.core.store.operations.get(runId))!.startedAt!.getTime()).toBe(7 * day);
    // A Rollback button pressed now gives a confirmation...
    const button = `rollback-${runId}`;
    offset = deadline.getTime() - Date.now() - day + 60_000;
    await fireTimer(clocked.core, `rollback-reminder-${runId}`);
    expect(clocked.chat.posts.at(-1)?.message.text).toMatch(/^Reminder: the rollback window of acct \(m118\) closes at /);
    // ... but after the deadline, whatever the button still shows, the press is refused with the date.
    offset = deadline.getTime() - Date.now() + 60_000;
    await handlePress(clocked.core, as('alice'), button);
    expect(clocked.chat.posts.at(-1)?.message.text).toMatch(/^The rollback window of `acct` closed on \d{4}-\d{2}-\d{2}/);
    expect(await handleCommand(clocked.core, as('alice'), '/migrate rollback acct')).toEqual({ operations: [] });
    await fireTimer(clocked.core, `rollback-deadline-${runId}`);
    expect((await rt.core.store.accountStates.get('acct'))?.rollbackClosedAt).not.toBeNull();
    const updated = clocked.chat.updates.filter((u) => u.message.operation?.id === runId).at(-1)?.message;
    expect(updated?.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(clocked.chat.posts.at(-1)?.message.text).toMatch(/rollback window of acct \(m118\) is closed; the old copies on local-10.11 will be removed on/);
    const removal = (await rt.core.store.timers.get(`old-copy-removal-${runId}`))!;
    expect(removal.dueAt.getTime()).toBe(deadline.getTime() + 3 * day);
    // Not before the retention is over...
    await fireTimer(clocked.core, `old-copy-removal-${runId}`);
    expect(Object.keys(await fingerprint(source, live.databases)).length).toBeGreaterThan(0);
    offset = removal.dueAt.getTime() - Date.now() + 60_000;
    await fireTimer(clocked.core, `old-copy-removal-${runId}`);
    const s = await mysql.createConnection({ ...source });
    const [left] = await s.query<mysql.RowDataPacket[]>('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [live.databases]);
    await s.end();
    expect(left).toHaveLength(0);
    // The new copies are untouched.
    expect(Object.keys(await fingerprint(live.target, live.databases)).length).toBeGreaterThan(0);
    offset = 0;
  });
});
