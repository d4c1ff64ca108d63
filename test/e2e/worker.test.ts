import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupIsolatedEnv, isolatedEnv } from '../helpers/isolated-env.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...isolatedEnv('worker'), LOG_LEVEL: 'info' };

afterAll(async () => {
  await cleanupIsolatedEnv(env);
});

describe('npm run worker', () => {
  it('takes the jobs a bot started with --no-worker enqueues, and stops cleanly on SIGTERM', async () => {
    // node itself, not npx, so the signal reaches the worker and its exit code comes back.
    const worker = spawn(process.execPath, ['--import', 'tsx', 'adapters/worker-main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let logs = '';
    worker.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!logs.includes('worker started') && Date.now() < deadline && worker.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(logs).toContain('worker started');
    const shell = spawnSync('npx', ['tsx', 'adapters/main.ts', '--json', '--no-worker'], {
      cwd: root, env: { ...env, LOG_LEVEL: 'warn' }, input: '/migrate test mariadb-10.11-rebuild demo\n', encoding: 'utf8', timeout: 180_000,
    });
    expect(shell.status).toBe(0);
    const statuses = shell.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { operation?: { status: string } }).flatMap((l) => (l.operation ? [l.operation.status] : []));
    expect(statuses[0]).toBe('queued');
    expect(statuses.at(-1)).toBe('succeeded');
    worker.kill('SIGTERM');
    const [code] = (await once(worker, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(logs).toContain('worker stopping');
  });

  it('exits 1 with one line when the state database is unreachable', () => {
    const result = spawnSync('npx', ['tsx', 'adapters/worker-main.ts'], { cwd: root, env: { ...env, MIGRATE_BOT_STATE_URL: 'mysql://root@127.0.0.1:1/x' }, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('cannot reach MariaDB (state database) at mysql://root@127.0.0.1:1/x (ECONNREFUSED); start it with: scripts/start-services.sh');
  });
});
