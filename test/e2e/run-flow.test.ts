import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { runShellJson, type JsonLine } from '../helpers/shell-json.ts';
import { asApp, canLogIn, fingerprint, openLiveEnv, source, type LiveEnv } from '../integration/helpers/live-env.ts';

let live: LiveEnv;
beforeAll(async () => {
  live = await openLiveEnv('e2erun');
});
afterAll(async () => {
  await live?.dispose();
});

function bot(input: string) {
  return runShellJson(input, ['--config', live.configPath], live.env);
}

const blockTexts = (line: JsonLine | undefined) => (line?.blocks ?? []).map((b) => b.text ?? '').join('\n');

describe('run and rollback through the terminal adapter', () => {
  it('migrates the account after Confirm, shows the Rollback button and a deadline 7 days ahead', async () => {
    const { status, lines } = bot('/migrate run m118 acct\n1\n/migrate status acct\n');
    expect(status).toBe(0);
    const confirmation = lines.find((l) => l.text.startsWith('Confirm: migrate acct to 11.8'));
    expect(confirmation?.ephemeral).toBe(true);
    expect(confirmation?.buttons?.map((b) => [b.label, b.style])).toEqual([['Confirm', 'danger'], ['Cancel', 'default']]);
    expect(blockTexts(confirmation)).toMatch(/Estimated downtime|cannot be undone/);
    const run = lines.filter((l) => l.operation?.kind === 'run');
    expect(run.map((l) => l.operation!.status)).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    const final = run.at(-1)!;
    expect(final.operation?.status).toBe('succeeded');
    expect(final.buttons?.map((b) => b.label)).toEqual(['Rollback']);
    expect(blockTexts(final)).toMatch(/Rollback possible until .* \(7 d left\)/);
    expect(blockTexts(final)).toMatch(/Downtime: \d+\.\d s/);
    expect(lines.find((l) => l.text.startsWith('Status of acct'))?.text).toContain('Server: target-11.8');
    const rt = await live.open();
    const state = (await rt.core.store.accountStates.get('acct'))!;
    expect(state.serverId).toBe('target-11.8');
    const days = (state.rollbackDeadline!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
  });

  it('brings the account back with every row, including rows written after the migration, when Rollback is pressed', async () => {
    await asApp(live.target, live.appUser, `INSERT INTO ${live.databases[0]}.orders (amount, note) VALUES (12.5, 'after the migration')`);
    const { status, lines } = bot('/migrate status acct\n1\n1\n/migrate status acct\n');
    expect(status).toBe(0);
    const confirmation = lines.find((l) => l.text.startsWith('Confirm: roll acct back to local-10.11'));
    expect(confirmation?.buttons?.map((b) => b.label)).toEqual(['Confirm', 'Cancel']);
    const rollback = lines.filter((l) => l.operation?.kind === 'rollback');
    expect(rollback.at(-1)?.operation?.status).toBe('succeeded');
    expect(lines.filter((l) => l.text.startsWith('Status of acct')).at(-1)?.text).toContain('Server: local-10.11');
    const s = await mysql.createConnection({ ...source });
    const [rows] = await s.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) n FROM ${live.databases[0]}.orders WHERE note = 'after the migration'`);
    await s.end();
    expect(Number(rows[0]!['n'])).toBe(1);
    expect(await fingerprint(source, live.databases)).toEqual(await fingerprint(live.target, live.databases));
    expect(await canLogIn(source, live.appUser)).toBe(true);
    expect(await canLogIn(live.target, live.appUser)).toBe(false);
  });
});
