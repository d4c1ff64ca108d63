import { createServer, type Server } from 'node:http';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/drivers/driver.ts';
import type { CutoverPayload } from '../../src/operations/cutover-hook.ts';
import { runOperation } from '../../src/operations/runner.ts';
import { executors } from '../../src/operations/executors.ts';
import { as, canLogIn, handlePress, openLiveEnv, requestConfirm, source, type LiveEnv } from './helpers/live-env.ts';

// What a lock of the account's users does not stop: other writers during the frozen window, and the account's events.
let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
let hook: Server;
let schedulerBefore = 'OFF';
let shop = '';
/** The writes the cutover hook started on the server the account leaves, as an admin (no account lock covers it). */
const probes: { event: string; pendingWhenHookAnswered: boolean; done: Promise<{ ok: boolean; at: number }> }[] = [];

async function query(endpoint: Endpoint, sql: string, values: unknown[] = []): Promise<mysql.RowDataPacket[]> {
  const c = await mysql.createConnection({ ...endpoint });
  try {
    return (await c.query<mysql.RowDataPacket[]>(sql, values))[0];
  } finally {
    await c.end();
  }
}

const statuses = async (endpoint: Endpoint) => Object.fromEntries((await query(endpoint,
  'SELECT EVENT_NAME n, STATUS s FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY 1', [shop])).map((r) => [String(r['n']), String(r['s'])]));
/** Rows the `tick` event wrote on a server: when (server clock, epoch seconds) and on which server (its port). */
const ticks = async (endpoint: Endpoint) => (await query(endpoint, `SELECT at, port FROM ${shop}.ticks ORDER BY id`))
  .map((r) => ({ at: Number(r['at']) * 1000, port: Number(r['port']) }));

async function stepAt(id: string, step: string, state: 'started' | 'done'): Promise<number> {
  const row = (await rt.core.store.operations.steps(id)).findLast((s) => s.step === step && s.state === state);
  if (!row) throw new Error(`no ${state} row of ${step}`);
  return row.at.getTime();
}

/** The hook: starts a write as an admin on the server the account leaves, tells whether it still waits a second later, then answers. */
function onHook(body: string, answer: () => void): void {
  const payload = JSON.parse(body) as CutoverPayload;
  if (payload.event === 'revert') { answer(); return; }
  const from = payload.from.port === source.port ? source : live.target;
  let settled = false;
  const done = query(from, `INSERT INTO ${shop}.orders (amount, note) VALUES (0, ?)`, [`uncovered during ${payload.event}`])
    .then(() => ({ ok: true, at: Date.now() }), () => ({ ok: false, at: Date.now() })).finally(() => { settled = true; });
  setTimeout(() => { probes.push({ event: payload.event, pendingWhenHookAnswered: !settled, done }); answer(); }, 1_000);
}

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => onHook(body, () => res.writeHead(204).end()));
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const address = hook.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/cutover`;
  live = await openLiveEnv('runlocks', { cutoverHook: { webhook: url, timeoutSeconds: 10, retries: 0 } });
  rt = await live.open();
  shop = live.databases[0];
  schedulerBefore = String((await query(source, 'SELECT @@GLOBAL.event_scheduler s'))[0]?.['s']);
  await query(source, `CREATE TABLE ${shop}.ticks (id INT AUTO_INCREMENT PRIMARY KEY, at DECIMAL(17,6) NOT NULL, port INT NOT NULL)`);
  await query(source, `CREATE SEQUENCE ${shop}.ids`);
  await query(source, `CREATE DEFINER = '${live.appUser}'@'%' EVENT ${shop}.tick ON SCHEDULE EVERY 1 SECOND DO INSERT INTO ${shop}.ticks (at, port) VALUES (UNIX_TIMESTAMP(NOW(6)), @@port)`);
  await query(source, `CREATE DEFINER = '${live.appUser}'@'%' EVENT ${shop}.idle ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM ${shop}.ticks`);
  // Both schedulers run, so an event left enabled on the wrong server would fire there.
  await query(source, 'SET GLOBAL event_scheduler = ON');
  await query(live.target, 'SET GLOBAL event_scheduler = ON');
});

afterAll(async () => {
  // The host's global settings are shared: put the scheduler back as it was.
  await query(source, `SET GLOBAL event_scheduler = ${schedulerBefore === 'ON' ? 'ON' : 'OFF'}`).catch(() => undefined);
  hook?.closeAllConnections();
  await new Promise((resolve) => hook?.close(resolve));
  await live?.dispose();
});

const confirmed = async (command: string) => (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', command))).operations[0]!;

describe('the frozen window of a run stops every writer', () => {
  it('fails the lock after a few seconds per try when a writer keeps a transaction open, and reverts the freeze, events included', async () => {
    // An admin's transaction that took a sequence value: snapshots do not lock sequences, the frozen window's lock does.
    const holder = await mysql.createConnection({ ...source });
    await holder.query('BEGIN');
    await holder.query(`SELECT NEXTVAL(${shop}.ids)`);
    try {
      const id = await confirmed('/migrate run m118 acct');
      await runOperation(rt.core, id, 'w-test', executors);
      const op = (await rt.core.store.operations.get(id))!;
      expect(op.status).toBe('failed');
      expect(op.error).toMatchObject({ step: 'lock-writes', reason: expect.stringMatching(/^Could not lock the account's 6 tables: .*3 tries of 5 s \(open transactions: /) as unknown });
      expect(await stepAt(id, 'lock-writes', 'started') - await stepAt(id, 'freeze', 'done')).toBeLessThan(1_000);
      expect(await canLogIn(source, live.appUser)).toBe(true);
      expect(await statuses(source)).toEqual({ idle: 'DISABLED', tick: 'ENABLED' });
      expect(await query(live.target, 'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [shop])).toHaveLength(0);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  }, 120_000);

  it('keeps a writer no account lock covers waiting until the cutover is recorded, and moves the events to the new server only', async () => {
    const id = await confirmed('/migrate run m118 acct');
    await runOperation(rt.core, id, 'w-test', executors);
    const op = (await rt.core.store.operations.get(id))!;
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    const probe = probes.find((p) => p.event === 'run')!;
    expect(probe.pendingWhenHookAnswered).toBe(true);
    const write = await probe.done;
    const cutoverAt = await stepAt(id, 'cutover', 'done');
    expect(write.ok).toBe(true);
    expect(write.at).toBeGreaterThanOrEqual(cutoverAt);
    // It committed on the old server after the cutover (refusing such writers is the freeze's), never between the final copy and the cutover.
    expect(await query(live.target, `SELECT id FROM ${shop}.orders WHERE note = 'uncovered during run'`)).toHaveLength(0);
    expect(await query(source, `SELECT id FROM ${shop}.orders WHERE note = 'uncovered during run'`)).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await statuses(source)).toEqual({ idle: 'DISABLED', tick: 'DISABLED' });
    expect(await statuses(live.target)).toEqual({ idle: 'DISABLED', tick: 'ENABLED' });
    const [old, moved] = [await ticks(source), await ticks(live.target)];
    const eventsOffAt = await stepAt(id, 'events-off', 'done');
    expect(old.every((t) => t.at <= eventsOffAt)).toBe(true);
    // On the new server: the copied rows, then only rows it wrote itself once unfrozen.
    expect(moved.filter((t) => t.port === source.port)).toEqual(old);
    const fresh = moved.filter((t) => t.port === live.target.port);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((t) => t.at >= cutoverAt)).toBe(true);
  }, 180_000);

  it('rolls back the same way: the events fire on the old server again, and no longer on the new one', async () => {
    const id = await confirmed('/migrate rollback acct');
    await runOperation(rt.core, id, 'w-test', executors);
    const op = (await rt.core.store.operations.get(id))!;
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    const probe = probes.find((p) => p.event === 'rollback')!;
    expect(probe.pendingWhenHookAnswered).toBe(true);
    expect((await probe.done).at).toBeGreaterThanOrEqual(await stepAt(id, 'cutover', 'done'));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await statuses(source)).toEqual({ idle: 'DISABLED', tick: 'ENABLED' });
    expect(await statuses(live.target)).toEqual({ idle: 'DISABLED', tick: 'DISABLED' });
    const eventsOffAt = await stepAt(id, 'events-off', 'done');
    expect((await ticks(live.target)).every((t) => t.at <= eventsOffAt)).toBe(true);
    const back = await ticks(source);
    expect(back.filter((t) => t.port === live.target.port).length).toBeGreaterThan(0);
    expect(back.filter((t) => t.at >= eventsOffAt).every((t) => t.port === source.port)).toBe(true);
    expect(back.some((t) => t.at >= eventsOffAt)).toBe(true);
  }, 180_000);
});
