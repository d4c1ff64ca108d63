/**
 * The bot as a separate process (`adapters/main.ts`, as `npm start` runs
 * it) configured for Discord against a FakeDiscord, in HTTP-interactions
 * mode (a key pair made here) or over the fake Gateway: a config where one
 * account gets Discord members and a team channel, and a state database
 * and Redis prefix of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoConfigPath, isolatedEnv } from './isolated-env.ts';
import { freePort, writePlatformConfig } from './platform-config.ts';
import { eventually } from './test-core.ts';
import { discordIds, type FakeDiscord } from './fake-discord.ts';
import { DiscordPeer, discordKeys } from './fake-discord-peer.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const discordUsers = {
  alice: { id: '100000000000000001', name: 'alice' },
  dave: { id: '100000000000000002', name: 'dave' },
  bob: { id: '100000000000000003', name: 'bob' },
  carol: { id: '100000000000000004', name: 'carol' },
  /** A viewer whose Discord language is French. */
  elodie: { id: '100000000000000005', name: 'elodie', locale: 'fr' },
} as const;

export const teamChannel = '200000000000000001';
export const botToken = 'e2e-discord-bot-token';

export interface DiscordBot {
  readonly env: ReturnType<typeof isolatedEnv>;
  readonly peer: DiscordPeer;
  output(): string;
  /** True while the process has not exited. */
  running(): boolean;
  stop(): Promise<void>;
}

export interface DiscordBotOptions {
  readonly baseConfig?: string;
  readonly account?: string;
  readonly policy?: object;
  readonly env?: ReturnType<typeof isolatedEnv>;
  /** DISCORD_INTERACTION_TOKEN_SECONDS: how long the bot uses an interaction token. */
  readonly tokenSeconds?: number;
  /** More environment for the bot (another adapter's settings). */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

export async function startDiscordBot(fake: FakeDiscord, mode: 'http' | 'gateway', label: string, options: DiscordBotOptions = {}): Promise<DiscordBot> {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-bot-discord-'));
  const base = options.baseConfig ?? demoConfigPath;
  const policy = options.policy ?? (options.baseConfig === undefined ? { typedConfirmation: true, approval: true } : undefined);
  const configPath = await writePlatformConfig({ dir, base, accountId: options.account ?? 'demo', policy, platform: 'discord', users: discordUsers, teamChannel });
  const env = options.env ?? isolatedEnv(label);
  const port = await freePort();
  const keys = discordKeys();
  const identified = fake.gateway.ready;
  let output = '';
  const child: ChildProcess = spawn(join(root, 'node_modules/.bin/tsx'), ['adapters/main.ts', '--config', configPath], {
    cwd: root,
    env: {
      ...env, DISCORD_TOKEN: botToken, DISCORD_APPLICATION_ID: discordIds.application, DISCORD_API_URL: fake.apiUrl, PORT: String(port), LOG_LEVEL: 'warn',
      ...(mode === 'http' ? { DISCORD_PUBLIC_KEY: keys.publicKeyHex } : {}),
      ...(options.tokenSeconds !== undefined ? { DISCORD_INTERACTION_TOKEN_SECONDS: String(options.tokenSeconds) } : {}),
      ...options.extraEnv,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}:\n${output}`);
    if (mode === 'gateway') return fake.gateway.ready > identified ? true : undefined;
    return (await fetch(`${url}/health`).then((r) => r.ok, () => false)) ? true : undefined;
  }, 120_000, `the bot to start in ${mode} mode:\n${output}`);
  // READY reaches the client a moment after IDENTIFY; a dispatch before it would be dropped by discord.js.
  if (mode === 'gateway') await new Promise((resolve) => setTimeout(resolve, 1000));
  const peer = new DiscordPeer(fake, mode, teamChannel, mode === 'http' ? { url, privateKey: keys.privateKey } : undefined);
  // /health answers as soon as the server listens; the interactions endpoint is mounted a moment later.
  if (mode === 'http') {
    const ping = JSON.stringify({ id: '800000000000000000', application_id: discordIds.application, type: 1, token: 'ping-token', version: 1 });
    await eventually(async () => ((await peer.post(ping)).status === 200 ? true : undefined), 30_000, `the interactions endpoint to answer PING:\n${output}`);
  }
  return {
    env,
    peer,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
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
