/**
 * Slack and Discord in one process, both over HTTP: one server on PORT
 * serves /slack/events (Bolt's receiver, signatures checked) and
 * /discord/interactions, and both platforms get their answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupIsolatedEnv } from '../helpers/isolated-env.ts';
import { FakeDiscord } from '../helpers/fake-discord.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { SlackPeer } from '../helpers/fake-slack-peer.ts';
import { ephemeralTo, watch as watchSlack } from '../helpers/fake-slack-expect.ts';
import { inInteraction, watch } from '../helpers/fake-discord-expect.ts';
import { discordUsers, startDiscordBot, type DiscordBot } from '../helpers/fake-discord-bot.ts';

const discordFake = new FakeDiscord();
const slackFake = new FakeSlack();
const signingSecret = 'both-signing-secret-0123456789abcdef';
let bot: DiscordBot;

beforeAll(async () => {
  await discordFake.start();
  await slackFake.start();
  bot = await startDiscordBot(discordFake, 'http', 'discordslack', {
    extraEnv: { SLACK_BOT_TOKEN: 'xoxb-both', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: slackFake.apiUrl },
  });
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await discordFake.stop();
  await slackFake.stop();
  if (bot) await cleanupIsolatedEnv(bot.env);
}, 300_000);

describe('Slack and Discord on one HTTP server', () => {
  it('answers a Discord command and a Slack command on the same port', async () => {
    const url = bot.peer.url!;
    const discordFrom = discordFake.calls.length;
    const asked = await bot.peer.command(discordUsers.alice, 'help');
    expect(asked.initial).toEqual({ type: 5, data: { flags: 64 } });
    await watch(discordFake, () => bot.output()).waitForCall('the Discord help', inInteraction(asked.token, '/migrate'), discordFrom);
    // The demo's shell user alice has no Slack id here: Slack's answer is the refusal of a non-member, still an answer.
    const slack = new SlackPeer(url, signingSecret, slackFake, 'C0BOTH');
    const sent = await slack.command({ id: 'U0NOBODY', name: 'nobody' }, 'help');
    expect(sent.status).toBe(200);
    await watchSlack(slackFake, () => bot.output()).waitForCall('the Slack help', ephemeralTo({ id: 'U0NOBODY' }, '/migrate'));
    const unsigned = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'command=/migrate' });
    expect(unsigned.status).toBe(401);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  }, 60_000);
});
