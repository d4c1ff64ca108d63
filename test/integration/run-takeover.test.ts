import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, resetToSource, settled, source, spawnWorker, workerKilledAt, type LiveEnv } from './helpers/live-env.ts';

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
const figures: string[] = [];
beforeAll(async () => {
  live = await openLiveEnv('runtakeover');
  rt = await live.open();
});
afterAll(async () => {
  if (figures.length > 0) process.stdout.write(`takeover after SIGKILL (new worker started -> run succeeded): ${figures.join(', ')}\n`);
  await live?.dispose();
});

// Killed before, during and after the downtime: every remaining part takes seconds; the takeover must not wait for BullMQ's stall detection.
const killPoints = ['precopy', 'freeze', 'final-copy', 'cutover', 'unfreeze'];

describe('a run whose worker is killed (SIGKILL), taken over by a worker started afterwards', () => {
  for (const step of killPoints) {
    it(`killed at ${step}: the new worker ends the run in under 15 s from its start`, async () => {
      await resetToSource(live);
      const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
      expect(await workerKilledAt(live, `run:${step}`)).toBe('SIGKILL');
      const startedAt = Date.now();
      const worker = spawnWorker(live);
      try {
        expect(await settled(rt, id, 150_000)).toBe('succeeded');
      } finally {
        worker.child.kill('SIGTERM');
        await worker.exited;
      }
      const elapsed = Date.now() - startedAt;
      figures.push(`${step} ${(elapsed / 1000).toFixed(1)} s`);
      expect(elapsed).toBeLessThan(15_000);
      expect((await rt.core.store.accountStates.get('acct'))?.serverId).toBe('target-11.8');
      expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
      expect(await canLogIn(live.target, live.appUser)).toBe(true);
      expect(await canLogIn(source, live.appUser)).toBe(false);
    }, 240_000);
  }
});
