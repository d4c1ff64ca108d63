import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../jobs/worker.ts';
import { objectDefinitions, query } from './helpers/features-compare.ts';
import {
  as, asApp, canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, settled, source, type LiveEnv,
} from './helpers/live-env.ts';

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
let worker: RunningWorker | undefined;
let shop: string;

beforeAll(async () => {
  live = await openLiveEnv('rundefs');
  rt = await live.open();
  worker = await startWorker(rt.core, { redisUrl: live.config.redis.url, prefix: live.config.redis.prefix });
  shop = live.databases[0];
  // Objects a plain logical copy gets wrong: a sequence used by a DEFAULT, FLOAT values, an event in its own time zone.
  await query(source, `CREATE SEQUENCE ${shop}.ticket_ids START WITH 500 INCREMENT BY 5 CACHE 3`);
  await query(source, `CREATE TABLE ${shop}.tickets (id BIGINT NOT NULL DEFAULT NEXTVAL(${shop}.ticket_ids) PRIMARY KEY, weight FLOAT, note VARCHAR(20) CHARACTER SET latin1)`);
  await query(source, `INSERT INTO ${shop}.tickets (weight, note) VALUES (16777217, 'a'), (1.2345678, 'b')`);
  await query(source, `CREATE DEFINER = '${live.appUser}'@'%' EVENT ${shop}.nightly ON SCHEDULE EVERY 1 DAY STARTS '2031-01-01 00:00:00' DISABLE DO DELETE FROM ${shop}.tickets WHERE id < 0`);
});
afterAll(async () => {
  await worker?.close();
  await live?.dispose();
});

async function confirmed(command: string): Promise<string> {
  const outcome = await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', command));
  const id = outcome.operations[0];
  if (!id) throw new Error(`${command} started nothing`);
  return id;
}

const definitionsOf = async (endpoint: typeof source) => Object.fromEntries([
  ...await objectDefinitions(endpoint, live.databases[0]), ...await objectDefinitions(endpoint, live.databases[1]),
]);

describe('definitions through a run and a rollback', () => {
  it('refuses a run whose trigger has a DEFINER missing on the target, naming the object and what to do; the account stays, unfrozen', async () => {
    await query(source, `CREATE DEFINER = 'nobody_here'@'%' TRIGGER ${shop}.tickets_bi BEFORE INSERT ON ${shop}.tickets FOR EACH ROW SET NEW.note = UPPER(NEW.note)`);
    const id = await confirmed('/migrate run m118 acct');
    expect(await settled(rt, id)).toBe('failed');
    const op = await rt.core.store.operations.get(id);
    expect(JSON.stringify(op?.error)).toMatch(new RegExp(`cannot run yet: the DEFINER of ${shop}.tickets_bi \\(trigger\\) does not exist on .target-11.8.*definers:`));
    expect(rt.chat.posts.map((p) => p.message.text).join('\n')).toMatch(/DEFINER of .*tickets_bi \(trigger\) does not exist.*definers:/s);
    expect(await canLogIn(source, live.appUser)).toBe(true);
    expect((await rt.core.store.accountStates.get('acct'))?.serverId ?? 'local-10.11').toBe('local-10.11');
    await query(source, `DROP TRIGGER ${shop}.tickets_bi`);
  });

  it('runs with every definition and checksum identical, takes a write on 11.8, and rolls back with them identical again', async () => {
    const before = await definitionsOf(source);
    const run = await confirmed('/migrate run m118 acct');
    const status = await settled(rt, run);
    expect(status, JSON.stringify((await rt.core.store.operations.get(run))?.error)).toBe('succeeded');
    expect(await definitionsOf(live.target)).toEqual(before);
    expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));

    await asApp(live.target, live.appUser, `INSERT INTO ${shop}.tickets (weight, note) VALUES (0.1, 'after');
      INSERT INTO ${shop}.orders (amount, note) VALUES (3.5, 'after the run')`);
    const rollback = await confirmed('/migrate rollback acct');
    expect(await settled(rt, rollback)).toBe('succeeded');
    const back = await definitionsOf(source);
    expect(back).toEqual(await definitionsOf(live.target));
    expect(await fingerprint(source, live.databases)).toEqual(await fingerprint(live.target, live.databases));
    const [weights] = await query(source, `SELECT GROUP_CONCAT(weight + 0E0 ORDER BY id) w, COUNT(*) n FROM ${shop}.tickets`);
    expect(weights).toEqual({ w: '16777216,1.2345677614212036,0.10000000149011612', n: '3' });
  });
});
