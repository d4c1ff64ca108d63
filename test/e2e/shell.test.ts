import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupIsolatedEnv, isolatedEnv } from '../helpers/isolated-env.ts';
import { runShellJson } from '../helpers/shell-json.ts';

const env = isolatedEnv('shell');

function bot(input: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
  return runShellJson(input, args, { ...env, ...extraEnv });
}

afterAll(async () => {
  await cleanupIsolatedEnv(env);
});

describe('terminal adapter, scripted with --json', () => {
  it('lists the demo migrations with their documentation links and buttons', () => {
    const { status, lines } = bot('/migrate list\n');
    expect(status).toBe(0);
    const list = lines.find((l) => l.text.startsWith('Migrations for demo'));
    expect(list?.text).toContain('mariadb-11.8');
    expect(list?.text).toContain('https://mariadb.com/docs/');
    expect(list?.ephemeral).toBe(true);
    expect(list?.buttons?.map((b) => b.label)).toEqual(['Test', 'Run', 'Test']);
  });

  it('runs a test import to a MariaDB 11.8 temporary server and reports it', () => {
    const { status, lines } = bot('/migrate test mariadb-11.8 demo\n/migrate status demo\n');
    expect(status).toBe(0);
    const states = lines.filter((l) => l.operation?.kind === 'test').map((l) => l.operation!.status);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('succeeded');
    const final = lines.filter((l) => l.operation?.kind === 'test').at(-1)!;
    expect(final.text).toContain('succeeded');
    const credentials = lines.find((l) => l.text.includes('Temporary server for your tests'));
    expect(credentials?.ephemeral).toBe(true);
    const status_ = lines.find((l) => l.text.startsWith('Status of demo'));
    expect(status_?.text).toMatch(/test passed/);
  });

  it('refuses a role that may not test, in French when asked', () => {
    const { lines } = bot('/migrate test mariadb-11.8 demo\n', ['--user', 'carol', '--locale', 'fr']);
    expect(lines.at(-1)?.text).toContain('Il faut le rôle *operator*');
  });

  it('shows in help only what the user may do', () => {
    const viewer = bot('/migrate help\n', ['--user', 'carol']).lines.at(-1)?.text ?? '';
    expect(viewer).toContain('/migrate status [account]');
    expect(viewer).not.toContain('/migrate test');
    expect(viewer).not.toContain('/migrate run');
    const owner = bot('/migrate help\n', ['--user', 'alice']).lines.at(-1)?.text ?? '';
    expect(owner).toContain('/migrate run <migration> [account]');
    expect(owner).toContain('/migrate rollback [account]');
  });

  it('answers a malformed command with the closest valid one', () => {
    const { status, lines } = bot('/migrate tset mariadb-11.8\n');
    expect(status).toBe(0);
    expect(lines.at(-1)?.text).toContain('Did you mean `/migrate test <migration> [account]`');
  });

  it('stops with one clear line and exit 1 when Redis is unreachable', () => {
    const { status, stderr } = bot('', [], { MIGRATE_BOT_REDIS_URL: 'redis://127.0.0.1:1' });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('cannot reach Redis at redis://127.0.0.1:1 (ECONNREFUSED); start it with: scripts/start-services.sh');
  });

  it('stops with every config problem and exit 2 on an invalid config', () => {
    const { status, stderr } = bot('', ['--config', fileURLToPath(new URL('../fixtures/bad-config.yml', import.meta.url))]);
    expect(status).toBe(2);
    expect(stderr).toContain('migrations[0].docs.en: must be a URL');
    expect(stderr).toContain('accounts[0].server: unknown server "nowhere"');
  });
});
