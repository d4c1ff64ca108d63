import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { runOperation } from '../../src/operations/runner.ts';
import { executors } from '../../src/operations/executors.ts';
import { startWorker, type RunningWorker } from '../../jobs/worker.ts';
import {
  asApp, canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, settled, source, as, type LiveEnv,
} from './helpers/live-env.ts';

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  live = await openLiveEnv('runflow');
  rt = await live.open();
});
afterAll(async () => {
  await worker?.close();
  await live?.dispose();
});

/** An application writing as the account's user: every insert it saw committed is recorded. */
function startWriter(endpoint: typeof source, user: string) {
  const committed: number[] = [];
  let stop = false;
  const done = (async () => {
    let c: mysql.Connection | undefined;
    for (let i = 0; !stop; i++) {
      try {
        c ??= await mysql.createConnection({ host: endpoint.host, port: endpoint.port, user, password: 'live-app-password' });
        const [r] = await c.query<mysql.ResultSetHeader>(`INSERT INTO lv_runflow_shop.orders (amount, note) VALUES (?, 'writer')`, [i % 1000]);
        committed.push(r.insertId);
      } catch {
        c?.destroy();
        c = undefined;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    c?.destroy();
  })();
  return { committed, stop: async () => { stop = true; await done; } };
}

describe('a run, through Confirm, to the MariaDB 11.8 target', () => {
  it('refuses a target holding databases of the same names that are not ours, and touches nothing', async () => {
    const admin = await mysql.createConnection({ ...live.target });
    await admin.query(`CREATE DATABASE ${live.databases[1]}`);
    await admin.query(`CREATE TABLE ${live.databases[1]}.theirs (id INT PRIMARY KEY)`);
    await admin.query(`INSERT INTO ${live.databases[1]}.theirs VALUES (42)`);
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    const outcome = await handlePress(rt.core, as('alice'), confirm);
    const id = outcome.operations[0]!;
    await runOperation(rt.core, id, 'w-test', executors);
    const op = await rt.core.store.operations.get(id);
    expect(op?.status).toBe('failed');
    expect((op?.error as { reason: string }).reason).toContain(`already holds database ${live.databases[1]}`);
    const [rows] = await admin.query<mysql.RowDataPacket[]>(`SELECT id FROM ${live.databases[1]}.theirs`);
    expect(rows.map((r): unknown => r['id'])).toEqual([42]);
    expect(await canLogIn(source, live.appUser)).toBe(true);
    expect((await rt.core.store.accountStates.get('acct'))?.serverId ?? 'local-10.11').toBe('local-10.11');
    await admin.query(`DROP DATABASE ${live.databases[1]}`);
    await admin.end();
  });

  it('moves the account with a short downtime, loses no committed write, and opens a 7-day rollback window', async () => {
    worker = await startWorker(rt.core, { redisUrl: live.config.redis.url, prefix: live.config.redis.prefix });
    const writer = startWriter(source, live.appUser);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    // 20 concurrent presses of the same Confirm start exactly one operation.
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => handlePress(rt.core, as('alice'), confirm)));
    const ids = [...new Set(outcomes.flatMap((o) => o.operations))];
    expect(ids).toHaveLength(1);
    const id = ids[0]!;
    expect(await settled(rt, id)).toBe('succeeded');
    await writer.stop();

    const op = (await rt.core.store.operations.get(id))!;
    const state = (await rt.core.store.accountStates.get('acct'))!;
    expect(state.serverId).toBe('target-11.8');
    expect(state.previousServerId).toBe('local-10.11');
    expect(state.rollbackDeadline?.getTime()).toBe(op.startedAt!.getTime() + 7 * 86_400_000);
    // The copies are identical, table by table, and every write the application saw committed is on the new server.
    expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
    expect(writer.committed.length).toBeGreaterThan(0);
    const target = await mysql.createConnection({ ...live.target });
    const [found] = await target.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) n FROM lv_runflow_shop.orders WHERE id IN (?)`, [writer.committed]);
    expect(Number(found[0]!['n'])).toBe(writer.committed.length);
    // The trigger came along and did not fire twice during the copies: one audit row per order.
    const [audit] = await target.query<mysql.RowDataPacket[]>('SELECT (SELECT COUNT(*) FROM lv_runflow_shop.audit) a, (SELECT COUNT(*) FROM lv_runflow_shop.orders) o');
    expect(Number(audit[0]!['a'])).toBe(Number(audit[0]!['o']));
    await target.end();
    // Only the new copy is writable.
    expect(await canLogIn(live.target, live.appUser)).toBe(true);
    expect(await canLogIn(source, live.appUser)).toBe(false);
    const report = op.report as { downtimeMs: number; server: { version: string } };
    expect(report.downtimeMs).toBeGreaterThan(0);
    expect(report.downtimeMs).toBeLessThan(15_000);
    expect(report.server.version).toMatch(/^11\.8/);
    // The run's message shows the Rollback button and the deadline; the team heard of each stage.
    const last = rt.chat.updates.filter((u) => u.message.operation?.id === id).at(-1)!.message;
    const actions = last.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.buttons.map((b) => b.label)).toEqual(['Rollback']);
    expect(last.blocks.some((b) => b.type === 'section' && /Rollback possible until .*\(7 d left\)/.test(b.text))).toBe(true);
    expect(last.blocks.some((b) => b.type === 'section' && /Downtime: \d+\.\d s/.test(b.text))).toBe(true);
    const team = rt.chat.posts.filter((p) => p.destination.channelId === 'team' && !p.destination.ephemeralTo).map((p) => p.message.text);
    expect(team).toEqual(expect.arrayContaining([
      'alice requested the migration m118 of acct.', 'run of acct (m118) started.', expect.stringMatching(/^run of acct \(m118\) finished: .*downtime/),
    ]));
    // The reminder and the deadline are timers in the state database.
    expect((await rt.core.store.timers.get(`rollback-reminder-${id}`))?.dueAt.getTime()).toBe(state.rollbackDeadline!.getTime() - 86_400_000);
    expect((await rt.core.store.timers.get(`rollback-deadline-${id}`))?.dueAt.getTime()).toBe(state.rollbackDeadline!.getTime());
  });

  it('refuses to run again what is already migrated', async () => {
    await handlePress(rt.core, as('alice'), 'nothing').catch(() => undefined);
    const before = rt.chat.posts.length;
    await import('../../src/commands/dispatch.ts').then((d) => d.handleCommand(rt.core, as('alice'), '/migrate run m118 acct'));
    expect(rt.chat.posts.slice(before).map((p) => p.message.text).join(' ')).toContain('already migrated');
  });

  it('rolls back with every row, including rows written after the migration', async () => {
    await asApp(live.target, live.appUser, `INSERT INTO lv_runflow_shop.orders (amount, note) VALUES (1.5, 'after'), (2.5, 'after');
      UPDATE lv_runflow_shop.orders SET note = 'changed after' WHERE id = 10; DELETE FROM lv_runflow_shop.tags WHERE order_id < 50;
      INSERT INTO lv_runflow_blog.log VALUES (NOW(), 'written on 11.8');
      CREATE TABLE lv_runflow_blog.new_table (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO lv_runflow_blog.new_table VALUES (1, 'one');`);
    const confirm = await requestConfirm(rt, 'alice', '/migrate rollback acct');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => handlePress(rt.core, as('alice'), confirm)));
    const ids = [...new Set(outcomes.flatMap((o) => o.operations))];
    expect(ids).toHaveLength(1);
    expect(await settled(rt, ids[0]!)).toBe('succeeded');
    const state = (await rt.core.store.accountStates.get('acct'))!;
    expect(state.serverId).toBe('local-10.11');
    const back = await fingerprint(source, live.databases);
    expect(back).toEqual(await fingerprint(live.target, live.databases));
    expect(Object.keys(back)).toContain('lv_runflow_blog.new_table');
    expect(await canLogIn(source, live.appUser)).toBe(true);
    expect(await canLogIn(live.target, live.appUser)).toBe(false);
    expect((await rt.core.store.timers.get(`old-copy-removal-${ids[0]}`))?.firedAt).toBeNull();
    expect((await rt.core.store.timers.get(`rollback-deadline-${state.runOperationId}`))?.firedAt).not.toBeNull();
  });

  it('runs again after a rollback, replacing its own locked copies on the target', async () => {
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    const id = (await handlePress(rt.core, as('alice'), confirm)).operations[0]!;
    expect(await settled(rt, id)).toBe('succeeded');
    expect((await rt.core.store.accountStates.get('acct'))?.serverId).toBe('target-11.8');
    expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
  });
});
