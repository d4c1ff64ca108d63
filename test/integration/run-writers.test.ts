import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { handleCommand } from '../../src/commands/dispatch.ts';
import type { Config } from '../../src/config/schema.ts';
import { executors } from '../../src/operations/executors.ts';
import { frozenSince } from '../../src/operations/live-steps.ts';
import { runOperation } from '../../src/operations/runner.ts';
import { runSteps } from '../../src/operations/steps/declarations.ts';
import { journaledDetail } from '../../src/operations/steps/journal.ts';
import { connectAs, startWriter, type LoopWriter } from './helpers/clients.ts';
import { appPassword, as, handlePress, openLiveEnv, requestConfirm, source, type LiveEnv } from './helpers/live-env.ts';

// Users of the shared 10.11 beside the env's own (lv_runwr_app@%): random names, dropped at the end.
const sfx = randomBytes(3).toString('hex');
const app = 'lv_runwr_app';
const [shop, blog, other] = ['lv_runwr_shop', 'lv_runwr_blog', `lv_runwr_other_${sfx}`];
const etl = `lv_runwr_etl_${sfx}`;
const rep = `lv_runwr_rep_${sfx}`;
const role = `lv_runwr_role_${sfx}`;
const late = `lv_runwr_late_${sfx}`;
const stray = `lv_runwr_x_${sfx}`;
const pw = { variant: 'variant-pw', tenant: 'tenant-pw', etl: 'etl-pw', rep: 'rep-pw' };
/** The app user's password now: rotated by each migration. */
let appPw = appPassword;
let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
/** The same env, with the writers outside the account marked to be frozen with it. */
let marked: Awaited<ReturnType<LiveEnv['open']>>;
let eventScheduler = 'OFF';

async function query(endpoint: typeof source, sql: string, values: unknown[] = []): Promise<mysql.RowDataPacket[]> {
  const c = await mysql.createConnection({ ...endpoint, multipleStatements: true });
  try {
    return (await c.query<mysql.RowDataPacket[]>(sql, values))[0];
  } finally {
    await c.end();
  }
}

/** What a /migrate command answered, as text. */
async function answer(runtime: typeof rt, command: string, locale: 'en' | 'fr' = 'en'): Promise<string> {
  const before = runtime.chat.posts.length;
  await handleCommand(runtime.core, as('alice', locale), command);
  return runtime.chat.posts.slice(before).map((p) => p.message.text).join('\n');
}

async function loginError(endpoint: typeof source, user: string, password: string, from = '127.0.0.1'): Promise<number | null> {
  try {
    await (await connectAs(endpoint, user, password, from)).end();
    return null;
  } catch (error) {
    return (error as { errno?: number }).errno ?? -1;
  }
}

async function dropExtras(): Promise<void> {
  for (const [user, host] of [[app, '127.0.0.2'], [app, '127.0.0.3'], [etl, '%'], [rep, '%'], [late, '%']]) await query(source, 'DROP USER IF EXISTS ?@?', [user, host]);
  await query(source, `DROP ROLE IF EXISTS ${role}; DROP DATABASE IF EXISTS \`${other}\``);
}

beforeAll(async () => {
  live = await openLiveEnv('runwr', { extra: { databases: [], users: [`${app}@127.0.0.2`] } });
  await dropExtras();
  await query(source, `CREATE TABLE ${shop}.writes (writer VARCHAR(20) NOT NULL, n INT NOT NULL, PRIMARY KEY (writer, n));
    CREATE TABLE ${shop}.ticks (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL);
    CREATE DATABASE \`${other}\`; CREATE TABLE \`${other}\`.writes (writer VARCHAR(20) NOT NULL, n INT NOT NULL, PRIMARY KEY (writer, n));
    CREATE USER '${app}'@'127.0.0.2' IDENTIFIED BY '${pw.variant}'; GRANT ALL ON ${shop}.* TO '${app}'@'127.0.0.2'; GRANT ALL ON ${blog}.* TO '${app}'@'127.0.0.2';
    CREATE USER '${app}'@'127.0.0.3' IDENTIFIED BY '${pw.tenant}'; GRANT ALL ON \`${other}\`.* TO '${app}'@'127.0.0.3';
    CREATE USER '${etl}'@'%' IDENTIFIED BY '${pw.etl}'; GRANT INSERT ON ${shop}.* TO '${etl}'@'%';
    CREATE ROLE ${role}; GRANT INSERT ON ${shop}.writes TO ${role};
    CREATE USER '${rep}'@'%' IDENTIFIED BY '${pw.rep}'; GRANT ${role} TO '${rep}'@'%'; SET DEFAULT ROLE ${role} FOR '${rep}'@'%';`);
  rt = await live.open();
  const config: Config = { ...live.config, accounts: live.config.accounts.map((a) => ({ ...a, frozenWithAccount: [`${etl}@%`, `${rep}@%`] })) };
  marked = await live.open({ config });
  eventScheduler = String((await query(source, 'SELECT @@GLOBAL.event_scheduler s'))[0]?.['s']);
});
afterAll(async () => {
  await query(source, `SET GLOBAL event_scheduler = ${eventScheduler === 'ON' ? 'ON' : 'OFF'}; DROP EVENT IF EXISTS ${shop}.tick`).catch(() => undefined);
  await dropExtras().catch(() => undefined);
  await live?.dispose();
});

/** Starts a run as alice on `runtime`; resolves with its id and the promise of its end. */
async function startRun(runtime: typeof rt): Promise<{ id: string; done: Promise<void> }> {
  const id = (await handlePress(runtime.core, as('alice'), await requestConfirm(runtime, 'alice', '/migrate run m118 acct'))).operations[0]!;
  return { id, done: runOperation(runtime.core, id, 'w-runwr', executors) };
}

/** Rotates the app user's password (and grants its other row more) on the source once the precopy made its copy on the target (not before: the rotation must come after). */
async function rotateDuringPrecopy(): Promise<Date> {
  const until = Date.now() + 60_000;
  while ((await query(live.target, "SELECT 1 FROM mysql.global_priv WHERE User = ? AND Host = '%'", [app])).length === 0) {
    if (Date.now() > until) throw new Error('the precopy never created the user on the target');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  appPw = `rotated-${randomBytes(4).toString('hex')}`;
  // A password rotated (the user altered on the target), a grant added to the other row (that one made again).
  await query(source, `ALTER USER '${app}'@'%' IDENTIFIED BY '${appPw}'; GRANT SELECT ON \`${other}\`.* TO '${app}'@'127.0.0.2'`);
  return new Date();
}

const rowsOf = async (endpoint: typeof source, table: string) => (await query(endpoint, `SELECT CONCAT(writer, ':', n) k FROM ${table} ORDER BY 1`)).map((r) => String(r['k']));

/**
 * A migration while every account that can write does: the app user from
 * 127.0.0.1 (app@%) and from 127.0.0.2 (its own row, in the account), a
 * second writer and a writer through a role (frozen with the account), and
 * another tenant's row of the app user's name (127.0.0.3, another database)
 * that must never be interrupted; the app password rotated during the precopy.
 */
async function migrateWithWriters(withEvent: boolean): Promise<void> {
  await query(source, `DELETE FROM ${shop}.writes; DELETE FROM ${shop}.ticks; DELETE FROM \`${other}\`.writes`);
  // The target as after a reset: the run's precopy makes the users again (and the rotation waits for it).
  await query(live.target, `DROP DATABASE IF EXISTS ${shop}; DROP DATABASE IF EXISTS ${blog}; DROP USER IF EXISTS '${app}'@'%'; DROP USER IF EXISTS '${app}'@'127.0.0.2'`);
  if (withEvent) {
    await query(source, `SET GLOBAL event_scheduler = ON; CREATE DEFINER = '${app}'@'%' EVENT ${shop}.tick ON SCHEDULE EVERY 1 SECOND ENABLE DO INSERT INTO ${shop}.ticks (at) VALUES (NOW(6))`);
  }
  const oldPw = appPw;
  const writers: Record<string, LoopWriter> = {
    app: startWriter(source, app, oldPw, `${shop}.writes`, 'app', '127.0.0.1'),
    variant: startWriter(source, app, pw.variant, `${shop}.writes`, 'variant', '127.0.0.2'),
    etl: startWriter(source, etl, pw.etl, `${shop}.writes`, 'etl'),
    rep: startWriter(source, rep, pw.rep, `${shop}.writes`, 'rep'),
  };
  const tenant = startWriter(source, app, pw.tenant, `\`${other}\`.writes`, 'tenant', '127.0.0.3');
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const run = await startRun(marked);
    const rotatedAt = await rotateDuringPrecopy();
    await run.done;
    const op = await marked.core.store.operations.get(run.id);
    expect(op?.status, JSON.stringify(op?.error)).toBe('succeeded');
    expect((await frozenSince(marked.core, run.id))!.getTime()).toBeGreaterThan(rotatedAt.getTime());
    // The writers keep trying on the old server after the cutover: nothing of theirs may land there.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    for (const w of [...Object.values(writers), tenant]) await w.stop();

    for (const [name, w] of Object.entries(writers)) expect(w.committed.length, `${name} committed writes`).toBeGreaterThan(0);
    const onTarget = await rowsOf(live.target, `${shop}.writes`);
    const committed = Object.entries(writers).flatMap(([name, w]) => w.committed.map((n) => `${name}:${n}`));
    expect(committed.filter((k) => !onTarget.includes(k)), 'committed writes missing on the new server').toEqual([]);
    expect(await rowsOf(source, `${shop}.writes`)).toEqual(onTarget);
    if (withEvent) {
      const ticks = async (e: typeof source) => (await query(e, `SELECT COUNT(*) n, MAX(id) m FROM ${shop}.ticks`))[0];
      expect((await ticks(source))?.['n'], 'ticks of the event').toBeGreaterThan(0);
      expect(await ticks(source), 'event writes on the old server after the cutover').toEqual(await ticks(live.target));
    }
    // Another tenant's user of the same name was never ended.
    expect(tenant.errors()).toBe(0);
    expect((await rowsOf(source, `\`${other}\`.writes`)).length).toBe(tenant.committed.length);
    // The new password logs in on the new server, the old one does not; the old server is locked to both writers.
    expect(await loginError(live.target, app, appPw)).toBeNull();
    expect(await loginError(live.target, app, oldPw)).toBe(1045);
    expect(await loginError(source, app, appPw)).toBe(4151);
    expect(await loginError(source, etl, pw.etl)).toBe(4151);
    const grants = (await query(live.target, `SHOW GRANTS FOR '${app}'@'127.0.0.2'`)).map((r) => String(Object.values(r)[0]));
    expect(grants).toContain(`GRANT SELECT ON \`${other}\`.* TO \`${app}\`@\`127.0.0.2\``);
    const final = await journaledDetail(marked.core, run.id, runSteps.finalCopy);
    expect(final?.users).toEqual(expect.arrayContaining([{ user: app, host: '%', ok: true }, { user: app, host: '127.0.0.2', ok: true }]));
  } finally {
    for (const w of [...Object.values(writers), tenant]) await w.stop();
    if (withEvent) await query(source, `DROP EVENT IF EXISTS ${shop}.tick; SET GLOBAL event_scheduler = ${eventScheduler === 'ON' ? 'ON' : 'OFF'}`);
  }
}

describe('the freeze and the accounts that can write', () => {
  it('refuses /migrate run naming each writer outside the account, and what to do', async () => {
    const text = await answer(rt, '/migrate run m118 acct');
    expect(text).toContain('`acct` cannot be frozen on `local-10.11` yet');
    expect(text).toContain(`${etl}@%, `);
    expect(text).toContain(`${rep}@%`);
    expect(text).toContain('`frozenWithAccount`');
    // Not a writer of the account: another tenant's row of the same name; not refused: the bot's admin, the trusted superusers.
    for (const name of [`${app}@127.0.0.3`, 'root@127.0.0.1', 'root@localhost', `${app}@127.0.0.2`]) expect(text).not.toContain(name);
    expect(rt.chat.posts.at(-1)?.message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(await answer(rt, '/migrate run m118 acct', 'fr')).toContain('`acct` ne peut pas encore être gelé sur `local-10.11`');
  });

  it('refuses right before the freeze a writer granted after the confirmation: the run reverts, the account stays on its server, unfrozen', async () => {
    const confirm = await requestConfirm(marked, 'alice', '/migrate run m118 acct');
    await query(source, `CREATE USER '${late}'@'%' IDENTIFIED BY 'late-pw'; GRANT UPDATE ON ${blog}.* TO '${late}'@'%'`);
    try {
      const id = (await handlePress(marked.core, as('alice'), confirm)).operations[0]!;
      await runOperation(marked.core, id, 'w-runwr', executors);
      const op = await marked.core.store.operations.get(id);
      expect(op?.status).toBe('failed');
      expect(op?.error).toMatchObject({ step: 'freeze' });
      expect((op?.error as { reason: string }).reason).toContain(`${late}@%`);
      expect((await marked.core.store.accountStates.get('acct'))?.serverId ?? 'local-10.11').toBe('local-10.11');
      expect(await loginError(source, app, appPw)).toBeNull();
      expect(await loginError(source, etl, pw.etl)).toBeNull();
      expect(await query(live.target, 'SHOW DATABASES LIKE ?', [shop])).toEqual([]);
    } finally {
      await query(source, `DROP USER IF EXISTS '${late}'@'%'`);
    }
  }, 180_000);

  it('migrates with every writer frozen: no committed write lost, none on the old server after the cutover, the rotated password copied', async () => {
    await migrateWithWriters(false);
  }, 240_000);

  it('refuses /migrate rollback naming a writer on the new server outside the account; once gone, rolls back and unlocks the accounts frozen with it', async () => {
    await query(live.target, `CREATE USER '${stray}'@'%' IDENTIFIED BY 'x-pw'; GRANT DELETE ON ${shop}.* TO '${stray}'@'%'`);
    const text = await answer(marked, '/migrate rollback acct');
    expect(text).toContain('`acct` cannot be frozen on `target-11.8` yet');
    expect(text).toContain(`yet: ${stray}@% can write`);
    await query(live.target, `DROP USER '${stray}'@'%'`);
    const id = (await handlePress(marked.core, as('alice'), await requestConfirm(marked, 'alice', '/migrate rollback acct'))).operations[0]!;
    await runOperation(marked.core, id, 'w-runwr', executors);
    const op = await marked.core.store.operations.get(id);
    expect(op?.status, JSON.stringify(op?.error)).toBe('succeeded');
    expect(await loginError(source, app, appPw)).toBeNull();
    expect(await loginError(source, etl, pw.etl)).toBeNull();
    expect(await loginError(source, rep, pw.rep)).toBeNull();
  }, 240_000);

  it('done when: a migration with writers on every host variant and user that can write, an event writing every second and a password rotated during the precopy', async () => {
    await migrateWithWriters(true);
  }, 240_000);
});
