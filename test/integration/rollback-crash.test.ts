import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { runOperation } from '../../src/operations/runner.ts';
import { executors } from '../../src/operations/executors.ts';
import {
  canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, resetToSource, source, as, workerKilledAt, type LiveEnv,
} from './helpers/live-env.ts';

import { rollbackSteps as declared } from '../../src/operations/steps/declarations.ts';

// The cutover hook's call is inside the cutover (a kill there is a kill in the cutover, whose step the operation shows).
const rollbackSteps = Object.values(declared).filter((s) => s !== declared.revert && !s.inner).map((s) => s.name);

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
let later: Awaited<ReturnType<LiveEnv['open']>>;

beforeAll(async () => {
  live = await openLiveEnv('rbcrash');
  rt = await live.open();
  later = await live.open({ clock: { now: () => new Date(Date.now() + 120_000) } });
});
afterAll(async () => {
  await live?.dispose();
});

describe('a rollback whose worker is killed (SIGKILL) at each step', () => {
  for (const step of rollbackSteps) {
    it(`resumes after a kill at ${step}: one writable copy at any time, rows written after the migration come back`, async () => {
      await resetToSource(live);
      const run = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
      await runOperation(rt.core, run, 'w-test', executors);
      expect((await rt.core.store.operations.get(run))?.status).toBe('succeeded');
      const app = await mysql.createConnection({ host: live.target.host, port: live.target.port, user: live.appUser, password: 'live-app-password' });
      await app.query(`INSERT INTO ${live.databases[0]}.orders (amount, note) VALUES (3, 'written on 11.8 before the rollback of ${step}')`);
      await app.end();

      const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate rollback acct'))).operations[0]!;
      expect(await workerKilledAt(live, `rollback:${step}`)).toBe('SIGKILL');
      expect((await rt.core.store.operations.get(id))?.step).toBe(step);
      expect((await canLogIn(source, live.appUser)) && (await canLogIn(live.target, live.appUser))).toBe(false);

      await runOperation(later.core, id, 'w-resumer', executors);
      const op = await rt.core.store.operations.get(id);
      expect(op?.status, JSON.stringify(op?.error)).toBe('succeeded');
      expect((await rt.core.store.accountStates.get('acct'))?.serverId).toBe('local-10.11');
      const back = await fingerprint(source, live.databases);
      expect(back).toEqual(await fingerprint(live.target, live.databases));
      expect(await canLogIn(source, live.appUser)).toBe(true);
      expect(await canLogIn(live.target, live.appUser)).toBe(false);
      const s = await mysql.createConnection({ ...source });
      const [rows] = await s.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) n FROM ${live.databases[0]}.orders WHERE note = 'written on 11.8 before the rollback of ${step}'`);
      await s.end();
      expect(Number(rows[0]!['n'])).toBe(1);
    }, 180_000);
  }
});
