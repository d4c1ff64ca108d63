import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { runOperation } from '../../src/operations/runner.ts';
import { executors } from '../../src/operations/executors.ts';
import { canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, resetToSource, source, as, workerKilledAt, type LiveEnv } from './helpers/live-env.ts';

import { runSteps as declared } from '../../src/operations/steps/declarations.ts';

// Every step of a run in order, but the revert (a run killed at any step goes forward or reverts by itself) and the steps
// inside another (the cutover hook's call: a kill there is a kill inside the cutover, whose step the operation shows).
const runSteps = Object.values(declared).filter((s) => s !== declared.revert && !s.inner).map((s) => s.name);

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
// The resuming worker's clock runs 2 minutes ahead: the killed worker's lease (60 s) has expired for it.
let later: Awaited<ReturnType<LiveEnv['open']>>;

beforeAll(async () => {
  live = await openLiveEnv('runcrash');
  rt = await live.open();
  later = await live.open({ clock: { now: () => new Date(Date.now() + 120_000) } });
});
afterAll(async () => {
  await live?.dispose();
});

describe('a run whose worker is killed (SIGKILL) at each step', () => {
  for (const step of runSteps) {
    it(`resumes after a kill at ${step}: one writable copy at any time, every row on the new server`, async () => {
      await resetToSource(live);
      // A write between the kill and the resume, when the account is still online, must reach the new server too.
      const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
      const id = (await handlePress(rt.core, as('alice'), confirm)).operations[0]!;
      expect(await workerKilledAt(live, `run:${step}`)).toBe('SIGKILL');
      const killed = await rt.core.store.operations.get(id);
      expect(killed?.status).toBe('running');
      expect(killed?.step).toBe(step);
      const sourceOpen = await canLogIn(source, live.appUser);
      const targetOpen = await canLogIn(live.target, live.appUser);
      expect(sourceOpen && targetOpen).toBe(false);
      if (sourceOpen) {
        const app = await mysql.createConnection({ host: source.host, port: source.port, user: live.appUser, password: 'live-app-password' });
        await app.query(`INSERT INTO ${live.databases[0]}.orders (amount, note) VALUES (7, 'between kill and resume at ${step}')`);
        await app.end();
      }

      await runOperation(later.core, id, 'w-resumer', executors);
      const op = await rt.core.store.operations.get(id);
      expect(op?.status, JSON.stringify(op?.error)).toBe('succeeded');
      expect((await rt.core.store.accountStates.get('acct'))?.serverId).toBe('target-11.8');
      expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
      expect(await canLogIn(live.target, live.appUser)).toBe(true);
      expect(await canLogIn(source, live.appUser)).toBe(false);
      const steps = await rt.core.store.operations.steps(id);
      // The killed step ran again (started twice) and was journaled done once.
      expect(steps.filter((s) => s.step === step && s.state === 'done')).toHaveLength(1);
      expect(steps.filter((s) => s.step === step && s.state === 'started').length).toBe(2);
      expect(steps.some((s) => s.step === declared.revert.name)).toBe(false);
      const at = runSteps.indexOf(step);
      if (at > runSteps.indexOf(declared.lockWrites.name) && at < runSteps.indexOf(declared.cutover.name)) {
        // Killed holding the lock of the tables: the resumed run took it again, and made its final copy again under it.
        const lastDone = (name: string) => steps.findLast((s) => s.step === name && s.state === 'done')?.at.getTime() ?? Number.NaN;
        expect(steps.filter((s) => s.step === declared.lockWrites.name && s.state === 'done')).toHaveLength(2);
        expect(steps.filter((s) => s.step === declared.finalCopy.name && s.state === 'done').length).toBeGreaterThanOrEqual(1);
        expect(lastDone(declared.finalCopy.name)).toBeGreaterThanOrEqual(lastDone(declared.lockWrites.name));
      }
    }, 180_000);
  }
});
