/**
 * The bot as a separate process (`adapters/main.ts`, as `npm start` runs
 * it) configured for Slack in HTTP mode against a FakeSlack: a config
 * (the demo's, or another test's) where one account gets Slack members and
 * a team channel, and a state database and Redis prefix of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoConfigPath, isolatedEnv } from './isolated-env.ts';
import { freePort, writePlatformConfig } from './platform-config.ts';
import type { FakeSlack } from './fake-slack.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const slackUsers = {
  alice: { id: 'U0ALICE', name: 'alice' },
  dave: { id: 'U0DAVE', name: 'dave' },
  bob: { id: 'U0BOB', name: 'bob' },
  carol: { id: 'U0CAROL', name: 'carol' },
  /** A viewer whose Slack language is French (the test sets it on the fake's users.info). */
  elodie: { id: 'U0ELODIE', name: 'elodie' },
} as const;

export const teamChannel = 'C0TEAM';
export const signingSecret = 'e2e-signing-secret-0123456789abcdef';

export interface SlackBot {
  readonly url: string;
  readonly env: ReturnType<typeof isolatedEnv>;
  readonly configPath: string;
  /** Everything the process wrote on stdout and stderr, for failure messages. */
  output(): string;
  /** What the process wrote on stdout alone (the terminal adapter's lines). */
  stdout(): string;
  /** Writes to the process's stdin (the terminal adapter, with --shell). */
  write(text: string): void;
  /** Closes stdin and resolves with the exit code. */
  endInput(): Promise<number | null>;
  stop(): Promise<void>;
}

export interface SlackBotOptions {
  /** The config to start from: config/demo.yml by default. */
  readonly baseConfig?: string;
  /** The account that gets Slack identities: `demo` by default. */
  readonly account?: string;
  /** A policy for that account; the demo gets typed confirmation and approval. */
  readonly policy?: object;
  /** The state database and Redis prefix; a fresh isolated pair by default. */
  readonly env?: ReturnType<typeof isolatedEnv>;
  readonly args?: string[];
}

export async function startSlackBot(fake: FakeSlack, label: string, options: SlackBotOptions = {}): Promise<SlackBot> {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-bot-slack-'));
  const base = options.baseConfig ?? demoConfigPath;
  const policy = options.policy ?? (options.baseConfig === undefined ? { typedConfirmation: true, approval: true } : undefined);
  const configPath = await writePlatformConfig({ dir, base, accountId: options.account ?? 'demo', policy, platform: 'slack', users: slackUsers, teamChannel });
  const env = options.env ?? isolatedEnv(label);
  const extraArgs = options.args ?? [];
  const port = await freePort();
  let output = '';
  let stdout = '';
  const child: ChildProcess = spawn(join(root, 'node_modules/.bin/tsx'), ['adapters/main.ts', '--config', configPath, ...extraArgs], {
    cwd: root,
    env: { ...env, SLACK_BOT_TOKEN: 'xoxb-e2e-bot-token', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: fake.apiUrl, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}:\n${output}`);
    // /health answers once the server listens; /slack/events a moment later (401 unsigned), once Slack is mounted.
    const ok = await fetch(`${url}/slack/events`, { method: 'POST' }).then((r) => r.status === 401, () => false);
    if (ok) break;
    if (Date.now() > until) throw new Error(`the bot did not start listening on ${url}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url, env, configPath,
    output: () => output,
    stdout: () => stdout,
    write: (text) => child.stdin?.write(text),
    endInput: () => {
      child.stdin?.end();
      return exited;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
