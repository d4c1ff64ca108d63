import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, handlePress, openLiveEnv, requestConfirm, settled, source, spawnWorker, type LiveEnv } from './helpers/live-env.ts';
import type { Endpoint } from '../../src/drivers/driver.ts';
import { Ledger, startWriters } from './helpers/chaos-writers.ts';
import { appUserLockedOrAbsent, checkWrites, writable } from './helpers/chaos-check.ts';
import { drawPlan, landing, quantiles, seeded, timingOf, untilClaimed, untilKillMoment, untilRunning, type Kind, type Timing } from './helpers/chaos-plan.ts';

// CHAOS_SEED replays the kill plans (kinds follow from the outcomes); CHAOS_KILLS sets how many kills must land inside an operation.
const seed = Number(process.env['CHAOS_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const kills = Number(process.env['CHAOS_KILLS'] ?? 20);
const plans = seeded(seed);
const writerRandom = seeded(seed ^ 0x5bd1e995);
const home = 'local-10.11';
const newServer = 'target-11.8';

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
let worker: ReturnType<typeof spawnWorker>;
let hookDir: string | undefined;
const ledger = new Ledger();
const timing: Partial<Record<Kind, Timing>> = {};
/** One operation: where its kill landed (and its taker's, when killed too), how it ended, from the last kill to its end. */
interface Figure { kind: Kind; landed: string; second: string | null; outcome: string; takeoverMs: number; plan: string }
const figures: Figure[] = [];

beforeAll(async () => {
  process.stdout.write(`chaos-kill: CHAOS_SEED=${seed} (replay: CHAOS_SEED=${seed} npx vitest run test/integration/chaos-kill.test.ts)\n`);
  hookDir = await mkdtemp(join(tmpdir(), 'chaos-hook-'));
  // The cutover hook tells "the application" where to point: one line per call, then a pause, so that kills land inside it too.
  const command = `printf '%s %s %s\\n' "$MIGRATE_BOT_EVENT" "$MIGRATE_BOT_FROM_SERVER" "$MIGRATE_BOT_TO_SERVER" >> ${join(hookDir, 'calls')}; sleep 0.3`;
  live = await openLiveEnv('chaos', { cutoverHook: { command, timeoutSeconds: 10, retries: 1 } });
  rt = await live.open();
  worker = spawnWorker(live);
}, 300_000);
afterAll(async () => {
  worker?.child.kill('SIGTERM');
  await worker?.exited;
  printFigures();
  await live?.dispose();
  if (hookDir) await rm(hookDir, { recursive: true, force: true });
}, 120_000);

const servers = (): Record<string, Endpoint> => ({ [home]: source, [newServer]: live.target });
const where = async () => (await rt.core.store.accountStates.get('acct'))?.serverId ?? home;

/** Where the cutover hook last pointed the application: the destination of its last call, or the origin of a revert. */
async function pointedAt(): Promise<string> {
  const calls = (await readFile(join(hookDir!, 'calls'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
  const [event, from, to] = (calls.at(-1) ?? `none ${home} ${home}`).split(' ');
  return event === 'revert' ? from! : to!;
}

/** Outcome of a final operation: a failure that journaled its revert is the kill's other acceptable end. */
async function outcomeOf(id: string, status: string): Promise<string> {
  if (status !== 'failed') return status;
  const steps = await rt.core.store.operations.steps(id);
  return steps.some((s) => s.step === 'revert' && s.state === 'done') ? 'reverted' : 'failed';
}

/**
 * One operation (a run when the account is on its old server, else a
 * rollback) while two writers write; with `kill`, its worker is SIGKILLed at
 * the plan's moment and a new worker process started at once. Returns the
 * figure of the kill, after checking the account once everything settled.
 */
async function operate(kill: boolean): Promise<Figure> {
  const kind: Kind = (await where()) === home ? 'run' : 'rollback';
  const plan = drawPlan(kind, plans);
  const writers = startWriters(ledger, servers(), live.appUser, live.databases[0], 2, writerRandom);
  const splits: string[] = [];
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const open = await writable(servers(), live.appUser);
      if (open.length > 1) splits.push(`${new Date().toISOString()}: ${open.join(' and ')}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  })();
  let figure: Figure;
  let second: string | null = null;
  try {
    const command = kind === 'run' ? '/migrate run m118 acct' : '/migrate rollback acct';
    const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', command))).operations[0]!;
    await untilRunning(rt, id);
    const startedAt = Date.now();
    let landed = 'not killed';
    let killedAt = startedAt;
    // SIGKILL, where it landed, and a new worker process at once (it takes over when the killed one's lease ends).
    // The takeover time counts from the last kill that found the operation still running.
    const killWorker = async () => {
      worker.child.kill('SIGKILL');
      const at = Date.now();
      expect(await worker.exited).toBe('SIGKILL');
      const where = await landing(rt, id);
      worker = spawnWorker(live);
      if (where !== 'after the end') killedAt = at;
      return where;
    };
    if (kill) {
      await untilKillMoment(rt, id, kind, plan, timing[kind]!);
      const token = (await rt.core.store.operations.get(id))?.leaseToken ?? 0;
      landed = await killWorker();
      if (plan.again !== null && landed !== 'after the end') {
        await untilClaimed(rt, id, token);
        await new Promise((resolve) => setTimeout(resolve, plan.again! * timing[kind]!.totalMs));
        second = await killWorker();
      }
    }
    const status = await settled(rt, id, 150_000);
    const takeoverMs = Date.now() - killedAt;
    const op = await rt.core.store.operations.get(id);
    // An operation that ran to its end unkilled (the calibration, or a kill that came too late) times the next draws.
    if (!kill || landed === 'after the end') {
      timing[kind] = timingOf(await rt.core.store.operations.steps(id), (op?.finishedAt?.getTime() ?? 0) - (op?.startedAt?.getTime() ?? 0));
    }
    const outcome = await outcomeOf(id, status);
    figure = { kind, landed, second, outcome, takeoverMs, plan: `${plan.mode}${plan.mode === 'step' ? ` ${plan.step}` : ''} x${plan.fraction.toFixed(2)}${plan.again !== null ? `, taker x${plan.again.toFixed(2)}` : ''}` };
    // Soft: a failed operation still gets every check below (it must not leave two writable copies either).
    expect.soft(['succeeded', 'reverted'], `seed ${seed}: ${kind} ${figure.plan} ended ${outcome}: ${JSON.stringify(op?.error)}`).toContain(outcome);
    // The application writes again once the operation is over, wherever it can log in.
    const before = writers.commits();
    const until = Date.now() + 20_000;
    while (writers.commits() < before + 5 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writers.commits(), `seed ${seed}: the writers could not write anywhere after the ${kind}`).toBeGreaterThanOrEqual(before + 5);
  } finally {
    await writers.stop();
    watching = false;
    await watch;
  }
  const context = `seed ${seed}, ${figure.kind} killed ${figure.landed}${second ? ` then ${second}` : ''} (${figure.plan}), ${figure.outcome}`;
  expect(splits, `${context}: both copies writable at once`).toEqual([]);
  expect(ledger.anomalies, `${context}: the writers saw lost or duplicated rows`).toEqual([]);
  const open = await writable(servers(), live.appUser);
  expect(open, `${context}: exactly one writable copy`).toHaveLength(1);
  expect(await where(), `${context}: the account's server in the state database`).toBe(open[0]);
  expect(await pointedAt(), `${context}: where the cutover hook last pointed the application`).toBe(open[0]);
  expect(await rt.core.store.operations.holderOf('acct'), `${context}: the account's lock`).toBeUndefined();
  const closed = open[0] === home ? live.target : source;
  expect(await appUserLockedOrAbsent(closed, live.appUser), `${context}: the other copy's user locked`).toBe(true);
  const check = await checkWrites(ledger, servers()[open[0]!]!, live.appUser, live.databases[0]);
  expect(check.problems, context).toEqual([]);
  expect(check.found).toBeGreaterThanOrEqual(ledger.certain.size);
  return figure;
}

describe('workers SIGKILLed at random moments of runs and rollbacks while the application writes', () => {
  it('times a run and a rollback without a kill (the kills are drawn over these durations)', async () => {
    figures.push(await operate(false));
    figures.push(await operate(false));
    expect(timing.run?.totalMs).toBeGreaterThan(0);
    expect(timing.rollback?.totalMs).toBeGreaterThan(0);
  }, 300_000);

  for (let n = 1; n <= kills; n++) {
    it(`kill ${n}: resumed by a new worker, one writable copy, the lock released, every committed write there`, async () => {
      // A kill that came after the operation's end killed an idle worker: checked too, but it does not count; draw again
      // (a miss costs one short operation: the operations of this small account take 1 to 3 s and vary with the load).
      for (let attempt = 0; attempt < 6; attempt++) {
        const figure = await operate(true);
        figures.push(figure);
        if (figure.landed !== 'after the end') return;
      }
      throw new Error(`seed ${seed}: six kills in a row came after the operation's end`);
    }, 600_000);
  }
});

function printFigures(): void {
  const killed = figures.filter((f) => f.landed !== 'not killed');
  const inside = killed.filter((f) => f.landed !== 'after the end');
  const count = (key: (f: Figure) => string) => {
    const by = new Map<string, number>();
    for (const f of inside) by.set(key(f), (by.get(key(f)) ?? 0) + 1);
    return [...by].map(([k, v]) => `${k} ${v}`).join(', ');
  };
  const t = quantiles(inside.map((f) => f.takeoverMs));
  const commits = [...ledger.commitsOn].map(([s, n]) => `${s} ${n}`).join(', ');
  const seconds = inside.filter((f) => f.second !== null);
  process.stdout.write([
    `chaos-kill figures (CHAOS_SEED=${seed}): ${inside.length} operations killed (+${killed.length - inside.length} kills after the end),`
      + ` ${seconds.length} of them killed again while a new worker resumed them (${seconds.map((f) => `${f.kind} ${f.second}`).join(', ')})`,
    `  kinds: ${count((f) => f.kind)}`,
    `  landed: ${count((f) => `${f.kind} ${f.landed}`)}`,
    `  outcomes: ${count((f) => `${f.kind} ${f.outcome}`)}`,
    `  last kill -> final status: min ${(t.min / 1000).toFixed(1)} s, median ${(t.median / 1000).toFixed(1)} s, max ${(t.max / 1000).toFixed(1)} s`,
    `  uninterrupted: run ${((timing.run?.totalMs ?? 0) / 1000).toFixed(1)} s, rollback ${((timing.rollback?.totalMs ?? 0) / 1000).toFixed(1)} s`,
    `  writes: ${[...ledger.commitsOn.values()].reduce((a, b) => a + b, 0)} transactions committed, ${ledger.certain.size} rows certain, ${ledger.uncertain.size} unanswered COMMITs, ${ledger.absent.size} failed before COMMIT; commits by server: ${commits}`,
    `  writer errors: ${[...ledger.errors].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...figures.map((f, i) => `  ${i}: ${f.kind} ${f.plan} -> ${f.landed}${f.second ? `, then ${f.second}` : ''}, ${f.outcome}, ${(f.takeoverMs / 1000).toFixed(1)} s`),
  ].join('\n') + '\n');
}
