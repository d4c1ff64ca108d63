import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupIsolatedEnv, isolatedEnv } from '../helpers/isolated-env.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = isolatedEnv('launcher');

afterAll(async () => {
  await cleanupIsolatedEnv(env);
});

/** stdout of a README command line (words split on spaces) with `/migrate help` piped in, in lines. */
function outputOf(commandLine: string): { status: number | null; lines: string[] } {
  const [command = '', ...args] = commandLine.split(' ');
  const result = spawnSync(command, args, { cwd: root, input: '/migrate help\n', env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, lines: result.stdout.split('\n').filter((line) => line !== '') };
}

describe("the README's scripted commands", () => {
  // Scripts read every line as JSON: npm's banner lines (`> migrate-bot@0.1.0 start`) would break them.
  it.each(['npx migrate-bot --json', 'npm start --silent -- --json'])('%s prints JSON lines only', (commandLine) => {
    const { status, lines } = outputOf(commandLine);
    expect(status).toBe(0);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    const help = lines.map((line) => JSON.parse(line) as { text?: string }).find((m) => m.text?.startsWith('Migration bot: what you can do'));
    expect(help?.text).toContain('/migrate run <migration> [account]');
  });
});
