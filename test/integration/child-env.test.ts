import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandProvisioner } from '../../src/drivers/mariadb/provisioners/command.ts';
import { runCutoverHook, type CutoverPayload } from '../../src/operations/cutover-hook.ts';

/** What a production bot holds in its environment: none of it may reach a command the config names. */
const secrets: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-secret-bot-token', SLACK_SIGNING_SECRET: 'secret-signing', SLACK_APP_TOKEN: 'xapp-secret-app-token',
  DISCORD_TOKEN: 'secret-discord-token', DISCORD_PUBLIC_KEY: 'secret-discord-key',
  MIGRATE_BOT_STATE_URL: 'mysql://bot:secret-state-password@db/migrate_bot', MIGRATE_BOT_TARGET_PASSWORD: 'secret-target-password',
  DB1_PASSWORD: 'secret-db1-password',
};
const payload: CutoverPayload = {
  event: 'run', operationId: 'run-env', account: 'acct', databases: ['a'],
  from: { server: 'old', host: '127.0.0.1', port: 3306 }, to: { server: 'new', host: '127.0.0.1', port: 3318 },
};

let dir = '';
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'migrate-bot-child-env-'));
  for (const [name, value] of Object.entries({ ...secrets, LC_TIME: 'C', TZ: 'Europe/Paris' })) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(dir, { recursive: true, force: true });
});

/** The variables a command printed with `env -0` (values may hold newlines). */
async function printed(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, 'utf8');
  return Object.fromEntries(text.split('\0').filter((entry) => entry !== '').map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

/** Names of the printed variables, and whether any value holds one of the bot's secrets. */
function leaks(env: Record<string, string>): string[] {
  const values = Object.values(secrets);
  return Object.entries(env).filter(([name, value]) => name in secrets || values.some((secret) => value.includes(secret))).map(([name]) => name);
}

describe('commands the config names get an allowlisted environment', () => {
  it('a cutover hook command sees PATH, HOME, LC_*, TZ, its config env and the event, none of the bot secrets', async () => {
    const file = join(dir, 'hook.env');
    await runCutoverHook({ command: `env -0 > ${file}`, timeoutSeconds: 5, retries: 0, env: { PANEL_URL: 'https://panel.internal' } }, payload);
    const env = await printed(file);
    expect(leaks(env)).toEqual([]);
    expect(Object.keys(env).filter((name) => /^(SLACK|DISCORD)_/.test(name))).toEqual([]);
    expect(Object.keys(env).filter((name) => name.startsWith('MIGRATE_BOT_')).sort()).toEqual([
      'MIGRATE_BOT_ACCOUNT', 'MIGRATE_BOT_DATABASES', 'MIGRATE_BOT_EVENT', 'MIGRATE_BOT_FROM_HOST', 'MIGRATE_BOT_FROM_PORT', 'MIGRATE_BOT_FROM_SERVER',
      'MIGRATE_BOT_OPERATION', 'MIGRATE_BOT_TO_HOST', 'MIGRATE_BOT_TO_PORT', 'MIGRATE_BOT_TO_SERVER',
    ]);
    expect(env).toMatchObject({ PATH: process.env['PATH'], LC_TIME: 'C', TZ: 'Europe/Paris', PANEL_URL: 'https://panel.internal', MIGRATE_BOT_EVENT: 'run' });
  });

  it('a command provisioner sees the same, with its config env and its own variables', async () => {
    const create = join(dir, 'create.env');
    const destroy = join(dir, 'destroy.env');
    const provisioner = new CommandProvisioner({ create: `env -0 > ${create}; exit 3`, destroy: `env -0 > ${destroy}`, env: { CLOUD_REGION: 'eu-west' } });
    await expect(provisioner.create({ id: 'env-1', version: '11.8', dataBytes: 0 })).rejects.toMatchObject({ code: 'provision-command-failed' });
    await provisioner.destroy({ provisioner: 'command', id: 'env-1', host: '127.0.0.1', port: 1, command: null });
    for (const file of [create, destroy]) {
      const env = await printed(file);
      expect(leaks(env)).toEqual([]);
      expect(Object.keys(env).filter((name) => /^(SLACK|DISCORD|MIGRATE_BOT)_/.test(name))).toEqual([]);
      expect(env).toMatchObject({ PATH: process.env['PATH'], TZ: 'Europe/Paris', CLOUD_REGION: 'eu-west', MIGRATE_TEMP_ID: 'env-1' });
    }
  });
});
