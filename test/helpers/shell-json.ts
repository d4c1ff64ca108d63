import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CheckReport } from '../../src/drivers/reports.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** One line of the terminal adapter's --json output (README, "--json"). */
export interface JsonLine {
  type: string;
  id?: string;
  update?: boolean;
  ephemeral?: boolean;
  text: string;
  buttons?: { number: number; label: string; style: string }[];
  operation?: { id: string; kind: string; status: string };
  /** The answer of /migrate check: its whole reports. */
  check?: { accountId: string; migrationId: string; reports: CheckReport[] };
  blocks?: { type: string; text?: string; fields?: { label: string; value: string }[] }[];
}

/** Runs the bot with `--json` on a script of input lines, as a user would pipe one in. */
export function runShellJson(input: string, args: string[], env: NodeJS.ProcessEnv): { status: number | null; lines: JsonLine[]; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'adapters/main.ts', '--json', ...args], { cwd: root, input, env, encoding: 'utf8', timeout: 240_000 });
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as JsonLine);
  return { status: result.status, lines, stderr: result.stderr };
}
