import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { LeaseHeldError } from '../../src/errors.ts';
import { executors } from '../../src/operations/executors.ts';
import { runOperation } from '../../src/operations/runner.ts';
import { runSteps } from '../../src/operations/steps/declarations.ts';
import { as, asApp, canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, source, spawnWorker, type LiveEnv } from './helpers/live-env.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(200);
  }
}

let dir = '';
let live: LiveEnv;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'migrate-bot-fence-'));
  // The first call of the hook (by the worker that will be stopped) sleeps 3 s: long enough to stop that worker inside its cutover step.
  const command = `echo "start $MIGRATE_BOT_EVENT" >> ${dir}/hook.log; if [ ! -f ${dir}/slow-done ]; then touch ${dir}/slow-done; sleep 3; fi; echo "done $MIGRATE_BOT_EVENT" >> ${dir}/hook.log`;
  live = await openLiveEnv('runfence', { cutoverHook: { command, timeoutSeconds: 30, retries: 0 } });
});
afterAll(async () => {
  await live?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('a worker stalled past its lease (SIGSTOP) while another resumes the run', () => {
  it('ends with exactly one cutover; the stalled worker, continued, has every later write refused and stops; no write is lost', async () => {
    const rt = await live.open();
    await asApp(source, live.appUser, `INSERT INTO ${live.databases[0]}.orders (amount, note) VALUES (11, 'before the run')`);
    const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    const stalled = spawnWorker(live);
    try {
      await until('the first worker calls the cutover hook', 120_000, async () => ((await readFile(join(dir, 'hook.log'), 'utf8').catch(() => '')).includes('start run') ? true : undefined));
      stalled.child.kill('SIGSTOP');
      const held = await rt.core.store.operations.get(id);
      expect(held?.step).toBe(runSteps.cutover.name);

      // The resumer is refused while the stopped worker's lease is live, and takes over once it expired.
      let refusals = 0;
      await until('the resumer takes the run over', 60_000, async () => {
        try {
          await runOperation(rt.core, id, 'w-resumer', executors);
          return true;
        } catch (error) {
          if (!(error instanceof LeaseHeldError)) throw error;
          refusals++;
          return undefined;
        }
      });
      expect(refusals).toBeGreaterThan(0);
      const done = await rt.core.store.operations.get(id);
      expect(done?.status, JSON.stringify(done?.error)).toBe('succeeded');
      const journal = await rt.core.store.operations.steps(id);
      const state = await rt.core.store.accountStates.get('acct');
      expect(state?.serverId).toBe('target-11.8');

      stalled.child.kill('SIGCONT');
      await until('the continued worker notices its lost lease', 20_000, async () => (stalled.stderr().includes('lease lost') ? true : undefined));
      await sleep(3000);
      // Nothing written after the takeover: no journal row, no status change, no second move of the account.
      expect(await rt.core.store.operations.steps(id)).toEqual(journal);
      expect(await rt.core.store.accountStates.get('acct')).toEqual(state);
      expect(await rt.core.store.operations.get(id)).toMatchObject({ status: 'succeeded', version: done?.version, updatedAt: done?.updatedAt });
      expect(journal.filter((s) => s.step === runSteps.cutover.name && s.state === 'done')).toHaveLength(1);
      expect(journal.filter((s) => s.step === runSteps.unfreeze.name && s.state === 'done')).toHaveLength(1);
      expect(journal.some((s) => s.state === 'failed')).toBe(false);
      // The stopped worker's hook call finished while it was stopped; the resumer called the hook once more (receivers are idempotent).
      expect((await readFile(join(dir, 'hook.log'), 'utf8')).trim().split('\n').filter((l) => l === 'done run')).toHaveLength(2);
    } finally {
      stalled.child.kill('SIGCONT');
      stalled.child.kill('SIGTERM');
      await stalled.exited;
    }
    expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
    const target = await mysql.createConnection({ ...live.target });
    const [[row]] = await target.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) n FROM ${live.databases[0]}.orders WHERE note = 'before the run'`) as unknown as [[mysql.RowDataPacket]];
    await target.end();
    expect(Number(row['n'])).toBe(1);
    expect(await canLogIn(live.target, live.appUser)).toBe(true);
    expect(await canLogIn(source, live.appUser)).toBe(false);
  }, 240_000);
});
