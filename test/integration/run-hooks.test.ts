import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { runCutoverHook, type CutoverPayload } from '../../src/operations/cutover-hook.ts';
import { runOperation } from '../../src/operations/runner.ts';
import { executors } from '../../src/operations/executors.ts';
import { canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, resetToSource, source, as, type LiveEnv } from './helpers/live-env.ts';
import { rollbackActionId } from '../../src/operations/notifier.ts';

const payload: CutoverPayload = {
  event: 'run', operationId: 'run-abc', account: 'acct', databases: ['a', 'b'],
  from: { server: 'old', host: '127.0.0.1', port: 3306 }, to: { server: 'new', host: '127.0.0.1', port: 3318 },
};

let server: Server;
let url = '';
const received: { body: unknown; key: string | undefined }[] = [];
let behaviour: 'fail-twice' | 'hang' | 'ok' = 'ok';
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'migrate-bot-hooks-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      received.push({ body: JSON.parse(body) as unknown, key: req.headers['idempotency-key'] as string | undefined });
      if (behaviour === 'hang') return; // never answers
      if (behaviour === 'fail-twice' && received.length <= 2) { res.writeHead(503).end(); return; }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/cutover`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('cutover hooks', () => {
  it('posts the account, the old and the new server to the webhook, retrying until it answers 2xx', async () => {
    received.length = 0;
    behaviour = 'fail-twice';
    expect(await runCutoverHook({ webhook: url, timeoutSeconds: 2, retries: 3 }, payload, 10)).toEqual({ attempts: 3 });
    expect(received).toHaveLength(3);
    expect(received[2]).toEqual({ body: payload, key: 'run-abc-cutover' });
  });

  it('gives up after its retries when the webhook does not answer within its timeout', async () => {
    received.length = 0;
    behaviour = 'hang';
    const started = Date.now();
    await expect(runCutoverHook({ webhook: url, timeoutSeconds: 0.3, retries: 1 }, payload, 10)).rejects.toThrow(/cutover webhook 127\.0\.0\.1:\d+ failed after 2 attempts: timed out after 0.3 s/);
    expect(received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('runs a command with the payload on stdin and in the environment; a command past its timeout is killed', async () => {
    const out = join(dir, 'payload.json');
    await runCutoverHook({ command: `cat > ${out}; echo "$MIGRATE_BOT_ACCOUNT $MIGRATE_BOT_FROM_SERVER $MIGRATE_BOT_TO_PORT" >> ${out}.env`, timeoutSeconds: 5, retries: 0 }, payload);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(payload);
    expect((await readFile(`${out}.env`, 'utf8')).trim()).toBe('acct old 3318');
    const started = Date.now();
    await expect(runCutoverHook({ command: 'sleep 30', timeoutSeconds: 0.3, retries: 1 }, payload, 10)).rejects.toThrow('cutover command failed after 2 attempts: timed out after 0.3 s');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(runCutoverHook({ command: 'echo broken >&2; exit 3', timeoutSeconds: 5, retries: 0 }, payload)).rejects.toThrow('exited with 3: broken');
  });
});

describe('a run whose cutover hook fails', () => {
  let live: LiveEnv;
  beforeAll(async () => {
    // Every event is logged; a run's call hangs while hook-hangs exists; a revert is always accepted; otherwise the hook refuses until hook-ok exists.
    const command = `echo "$MIGRATE_BOT_EVENT $MIGRATE_BOT_FROM_SERVER $MIGRATE_BOT_TO_SERVER" >> ${dir}/events; `
      + `if [ "$MIGRATE_BOT_EVENT" = run ] && [ -f ${dir}/hook-hangs ]; then sleep 30; fi; [ "$MIGRATE_BOT_EVENT" = revert ] || test -f ${dir}/hook-ok`;
    live = await openLiveEnv('runhook', { cutoverHook: { command, timeoutSeconds: 2, retries: 1 } });
  });
  afterAll(async () => {
    await live?.dispose();
  });

  it('reverts: the account stays on its old server, unfrozen, nothing lost, the copies on the target are dropped; the failing step is reported', async () => {
    const rt = await live.open();
    const before = await fingerprint(source, live.databases);
    const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    await runOperation(rt.core, id, 'w-test', executors);
    const op = (await rt.core.store.operations.get(id))!;
    expect(op.status).toBe('failed');
    // vitest types its asymmetric matchers as `any`; held as unknown, nothing else can be done with it.
    const reason: unknown = expect.stringContaining('cutover command failed after 2 attempts: exited with 1');
    expect(op.error).toMatchObject({ step: 'cutover', reason, fact: { key: 'op.reason' } });
    expect((await rt.core.store.accountStates.get('acct'))?.serverId ?? 'local-10.11').toBe('local-10.11');
    expect(await canLogIn(source, live.appUser)).toBe(true);
    expect(await fingerprint(source, live.databases)).toEqual(before);
    const target = await mysql.createConnection({ ...live.target });
    const [dbs] = await target.query<mysql.RowDataPacket[]>('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [live.databases]);
    await target.end();
    expect(dbs).toHaveLength(0);
    expect(rt.chat.posts.map((p) => p.message.text)).toContain(`run of acct (m118) failed at cutover: ${(op.error as { reason: string }).reason}`);
    // Refused twice: the application never switched, so no revert event.
    expect((await readFile(join(dir, 'events'), 'utf8')).trim().split('\n')).toEqual(['run local-10.11 target-11.8', 'run local-10.11 target-11.8']);
    // Once the hook works, the run goes through.
    await writeFile(join(dir, 'hook-ok'), '');
    const again = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    await runOperation(rt.core, again, 'w-test', executors);
    expect((await rt.core.store.operations.get(again))?.status).toBe('succeeded');
  });

  it('after a hook call that timed out (possibly applied), the revert first calls the hook with `revert` and keeps the new copy, locked; the Rollback row exists from before the call', async () => {
    await resetToSource(live);
    await rm(join(dir, 'events'), { force: true });
    await writeFile(join(dir, 'hook-hangs'), '');
    const rt = await live.open();
    const before = await fingerprint(source, live.databases);
    const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    await runOperation(rt.core, id, 'w-test', executors);
    await rm(join(dir, 'hook-hangs'));
    const op = (await rt.core.store.operations.get(id))!;
    expect(op.status).toBe('failed');
    expect(op.error).toMatchObject({ step: 'cutover' });
    expect((op.error as { reason: string }).reason).toContain('timed out after 2 s');
    expect((await readFile(join(dir, 'events'), 'utf8')).trim().split('\n')).toEqual(['run local-10.11 target-11.8', 'run local-10.11 target-11.8', 'revert local-10.11 target-11.8']);
    expect((await rt.core.store.accountStates.get('acct'))?.serverId ?? 'local-10.11').toBe('local-10.11');
    expect(await canLogIn(source, live.appUser)).toBe(true);
    // The new copy is kept (the application may have written there), its users locked.
    expect(await fingerprint(live.target, live.databases)).toEqual(before);
    expect(await canLogIn(live.target, live.appUser)).toBe(false);
    expect(await rt.core.store.actions.get(rollbackActionId(id))).toBeDefined();
    const reverted = (await rt.core.store.operations.steps(id)).find((s) => s.step === 'revert' && s.state === 'done');
    expect(reverted?.detail).toEqual({ unfrozen: true, keptCopy: true });
  });
});
