/**
 * The process guard in a real child process (Node's own handling of an
 * unhandled rejection is to exit, which a test runner's process would hide):
 * a rejection nobody awaited is logged with a correlation id and the
 * process keeps running; an uncaught exception stops it in order, the
 * shutdown (the worker's step) finishing before the exit, code 70.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Runs `body` after installing the guard (its logger prints JSON lines); resolves with the lines and the exit code. */
async function guarded(body: string): Promise<{ lines: { msg: string; correlationId?: string; err?: string }[]; code: number | null }> {
  const dir = await mkdtemp(join(tmpdir(), 'process-guard-'));
  dirs.push(dir);
  const script = join(dir, 'guarded.ts');
  await writeFile(script, `
    import { guardProcess } from ${JSON.stringify(join(root, 'adapters/process-guard.ts'))};
    const say = (msg: string, extra: object = {}) => process.stdout.write(JSON.stringify({ msg, ...extra }) + '\\n');
    const logger = {
      info: () => undefined, warn: () => undefined,
      error: (obj: { correlationId?: string; err?: unknown }, msg?: string) => say(msg ?? '', { correlationId: obj.correlationId, err: obj.err instanceof Error ? obj.err.message : String(obj.err) }),
      child: () => logger,
    };
    guardProcess(logger, { shutdown: async () => { say('shutdown started'); await new Promise((r) => setTimeout(r, 300)); say('step finished'); } });
    setInterval(() => undefined, 1000);
    ${body}
  `);
  const child = spawn(join(root, 'node_modules/.bin/tsx'), [script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { lines: out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string }), code };
}

describe('process guard', () => {
  it('logs an unhandled rejection with a correlation id and keeps running', async () => {
    const { lines, code } = await guarded(`
      void Promise.reject(new Error('nobody awaited this'));
      setTimeout(() => { say('still running'); process.exit(0); }, 200);
    `);
    expect(code).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual(['unhandled rejection: logged, the process keeps running', 'still running']);
    expect(lines[0]).toMatchObject({ err: 'nobody awaited this', correlationId: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown });
  }, 30_000);

  it('stops in order after an uncaught exception: the shutdown finishes, a second exception meanwhile is logged, then exit 70', async () => {
    const { lines, code } = await guarded(`
      setTimeout(() => { throw new Error('nobody caught this'); }, 100);
      setTimeout(() => { throw new Error('a second one while stopping'); }, 200);
    `);
    expect(code).toBe(70);
    expect(lines.map((l) => l.msg)).toEqual([
      'uncaught exception: stopping in order (the worker finishes its step first)',
      'shutdown started',
      'uncaught exception while stopping: logged',
      'step finished',
    ]);
    expect(lines[0]).toMatchObject({ err: 'nobody caught this', correlationId: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown });
  }, 30_000);
});
