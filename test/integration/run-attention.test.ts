import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { executors } from '../../src/operations/executors.ts';
import { runOperation } from '../../src/operations/runner.ts';
import { as, canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, source, type LiveEnv } from './helpers/live-env.ts';

const fixer = { user: 'lv_attn_fixer', password: 'fixer-password' };
let dir = '';
let live: LiveEnv;

/** Runs statements on the target as a second admin (the bot's own admin is the one locked out). */
async function asFixer(sql: string): Promise<void> {
  const c = await mysql.createConnection({ host: live.target.host, port: live.target.port, ...fixer });
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'migrate-bot-attn-'));
  // While lock-admin exists, the run's hook (just before the cutover is recorded) locks the bot's admin out of the target and ends its sessions.
  const client = `mariadb -h 127.0.0.1 -P "$MIGRATE_BOT_TO_PORT" -u ${fixer.user} -p${fixer.password} -N -f`;
  const command = `[ -f ${dir}/lock-admin ] || exit 0; rm ${dir}/lock-admin; ${client} -e "ALTER USER 'migrate_bot'@'%' ACCOUNT LOCK"; `
    + `${client} -e "SELECT CONCAT('KILL ', ID, ';') FROM information_schema.PROCESSLIST WHERE USER = 'migrate_bot'" | ${client}`;
  live = await openLiveEnv('runattn', { cutoverHook: { command, timeoutSeconds: 20, retries: 0 } });
  const admin = await mysql.createConnection({ ...live.target });
  await admin.query(`CREATE OR REPLACE USER '${fixer.user}'@'%' IDENTIFIED BY '${fixer.password}'`);
  await admin.query(`GRANT ALL PRIVILEGES ON *.* TO '${fixer.user}'@'%' WITH GRANT OPTION`);
  await admin.end();
});
afterAll(async () => {
  await asFixer("ALTER USER 'migrate_bot'@'%' ACCOUNT UNLOCK").catch(() => undefined);
  await live?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('a run whose new server refuses the unfreeze after the cutover', () => {
  it('is never failed with the account frozen: needs_attention, the team told what fails and what is retried, then succeeded once the server accepts', async () => {
    const rt = await live.open();
    await writeFile(join(dir, 'lock-admin'), '');
    const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    const running = runOperation(rt.core, id, 'w-attn', executors);
    const deadline = Date.now() + 120_000;
    let op = await rt.core.store.operations.get(id);
    while (op?.status !== 'needs_attention' && Date.now() < deadline) {
      expect(op?.status).not.toBe('failed');
      await new Promise((resolve) => setTimeout(resolve, 300));
      op = await rt.core.store.operations.get(id);
    }
    expect(op?.status).toBe('needs_attention');
    expect(op?.error).toMatchObject({ step: 'unfreeze' });
    expect((await rt.core.store.accountStates.get('acct'))?.serverId).toBe('target-11.8');
    const told = rt.chat.posts.map((p) => p.message.text).find((text) => text.includes('needs attention'));
    expect(told).toContain('the cutover is done, but unfreeze keeps failing');
    expect(told).toContain('The bot keeps retrying the unfreeze and the rollback timers until it succeeds');
    expect(told).toContain('target-11.8');
    // The operation's message shows the status and what fails.
    expect(rt.chat.updates.some((u) => u.message.operation?.status === 'needs_attention'
      && u.message.blocks.some((b) => b.type === 'section' && b.text.includes('The cutover is done, but unfreeze keeps failing')))).toBe(true);
    // Still frozen on both servers while the new one refuses; the operation is not final (the account stays locked for it).
    expect(await canLogIn(live.target, live.appUser)).toBe(false);
    expect(await canLogIn(source, live.appUser)).toBe(false);
    expect((await rt.core.store.operations.holderOf('acct'))?.id).toBe(id);

    await asFixer("ALTER USER 'migrate_bot'@'%' ACCOUNT UNLOCK");
    await running;
    const done = await rt.core.store.operations.get(id);
    expect(done?.status, JSON.stringify(done?.error)).toBe('succeeded');
    expect(await canLogIn(live.target, live.appUser)).toBe(true);
    expect(rt.chat.posts.map((p) => p.message.text)).toContain('run of acct (m118): unfreeze succeeded after retries; the operation goes on.');
    expect((await rt.core.store.timers.pending()).map((timer) => timer.id)).toContain(`rollback-deadline-${id}`);
    expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
  }, 240_000);
});
