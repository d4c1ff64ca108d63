/**
 * Several adapters in one process: Slack (HTTP) and, with --shell, the
 * terminal; and a Slack configuration missing its partner token stops the
 * start with exit 2 and the missing setting named.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupIsolatedEnv, isolatedEnv } from '../helpers/isolated-env.ts';
import { eventually } from '../helpers/test-core.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { SlackPeer, textOf } from '../helpers/fake-slack-peer.ts';
import { signingSecret, slackUsers, startSlackBot, teamChannel, type SlackBot } from '../helpers/fake-slack-bot.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fake = new FakeSlack();
let bot: SlackBot;

beforeAll(async () => {
  await fake.start();
  bot = await startSlackBot(fake, 'slackshell', { args: ['--shell', '--json'] });
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  if (bot) await cleanupIsolatedEnv(bot.env);
}, 300_000);

describe('Slack and the terminal in one process', () => {
  it('answers a Slack command and a terminal command, and ends with the terminal session', async () => {
    const slack = new SlackPeer(bot.url, signingSecret, fake, teamChannel);
    expect((await slack.command(slackUsers.alice, 'list')).status).toBe(200);
    await eventually(async () => fake.calls.find((c) => c.method === 'chat.postEphemeral' && textOf(c).includes('Migrations for demo')), 30_000, 'the Slack answer');
    bot.write('/migrate list\n');
    await eventually(async () => (bot.stdout().includes('"text":"Migrations for demo') ? true : undefined), 30_000, `the terminal answer\n${bot.output()}`);
    expect(await bot.endInput()).toBe(0);
  });

  it('stops with exit 2 when a bot token comes without a signing secret or app token', () => {
    const env = { ...isolatedEnv('slackbad'), SLACK_BOT_TOKEN: 'xoxb-alone', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '' };
    const result = spawnSync(`${root}/node_modules/.bin/tsx`, ['adapters/main.ts', '--no-shell'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('slack.signingSecret: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) with the bot token');
  });
});
