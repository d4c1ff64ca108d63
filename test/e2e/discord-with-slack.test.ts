/**
 * Slack and Discord in one process, both over HTTP: one server on PORT
 * serves /slack/events (signatures checked) and /discord/interactions,
 * and both platforms get their answers.
 */
import { describe, expect, it } from 'vitest';
import { SlackPeer } from '../helpers/fake-slack-peer.ts';
import { ephemeralTo, watch as watchSlack } from '../helpers/fake-slack-expect.ts';
import { inInteraction, watch } from '../helpers/fake-discord-expect.ts';
import { discordUsers } from '../helpers/fake-discord-bot.ts';
import { slackAndDiscordBot } from '../helpers/slack-and-discord-bot.ts';

const { discordFake, slackFake, signingSecret, bot } = slackAndDiscordBot('discordslack');

describe('Slack and Discord on one HTTP server', () => {
  it('answers a Discord command and a Slack command on the same port', async () => {
    const url = bot().peer.url!;
    const discordFrom = discordFake.calls.length;
    const asked = await bot().peer.command(discordUsers.alice, 'help');
    expect(asked.initial).toEqual({ type: 5, data: { flags: 64 } });
    await watch(discordFake, () => bot().output()).waitForCall('the Discord help', inInteraction(asked.token, '/migrate'), discordFrom);
    // The demo's shell user alice has no Slack id here: Slack's answer is the refusal of a non-member, still an answer.
    const slack = new SlackPeer(url, signingSecret, slackFake, 'C0BOTH');
    const sent = await slack.command({ id: 'U0NOBODY', name: 'nobody' }, 'help');
    expect(sent.status).toBe(200);
    await watchSlack(slackFake, () => bot().output()).waitForCall('the Slack help', ephemeralTo({ id: 'U0NOBODY' }, '/migrate'));
    const unsigned = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'command=/migrate' });
    expect(unsigned.status).toBe(401);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  }, 60_000);
});
