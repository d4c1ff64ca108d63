/**
 * Bad input never takes the bot down: one bot process serving Slack and
 * Discord over HTTP gets 10,000 signed malformed requests on each endpoint
 * (valid shapes with fields nulled, removed, retyped or cut, bodies
 * truncated, and the reported killers: `payload=null`, a JSON `null`,
 * block_actions with user or actions null), 16 at a time. None gets a 5xx,
 * the process is still running, nothing reached an unhandled rejection,
 * and a normal command is answered afterwards.
 */
import { describe, expect, it } from 'vitest';
import { SlackPeer } from '../helpers/fake-slack-peer.ts';
import { ephemeralTo, watch as watchSlack } from '../helpers/fake-slack-expect.ts';
import { inInteraction, watch as watchDiscord } from '../helpers/fake-discord-expect.ts';
import { discordUsers } from '../helpers/fake-discord-bot.ts';
import { slackAndDiscordBot } from '../helpers/slack-and-discord-bot.ts';
import { flood, shortLabel, type FloodRequest, type FloodResult } from '../helpers/flood.ts';
import { seededRandom } from '../helpers/malformed.ts';
import { malformedSlackBodies, slackShapes } from '../helpers/malformed-slack.ts';
import { discordShapes, malformedDiscordBodies } from '../helpers/malformed-discord.ts';

const perAdapter = 10_000;
const concurrency = 16;
const seed = Number(process.env['MALFORMED_SEED'] ?? 20_260_611);
const { discordFake, slackFake, signingSecret, bot } = slackAndDiscordBot('malformed');

/** What a failure message needs: the seed, the statuses, the first bad answers, and the bot's last words. */
function report(result: FloodResult): string {
  return [
    `seed ${seed}: ${result.sent} requests in ${result.ms} ms, statuses ${JSON.stringify(result.statuses)}`,
    ...result.failures.map((f) => `${f.outcome} <- ${f.label}`),
    `running: ${bot().running()}`, '--- bot output (end) ---', bot().output().slice(-4000),
  ].join('\n');
}

/**
 * Sends them all and checks the bot stood: no 5xx or dropped connection,
 * most refused with 400 (what the platform never sends), some still valid
 * and served, the process alive and healthy, and nothing it received
 * escaped as an unhandled rejection or an uncaught exception.
 */
async function floodAndCheck(requests: FloodRequest[]): Promise<void> {
  const result = await flood(requests, concurrency);
  expect(result.sent).toBeGreaterThanOrEqual(perAdapter);
  expect(result.failures, report(result)).toEqual([]);
  expect(result.statuses['400'] ?? 0, report(result)).toBeGreaterThan(perAdapter / 2);
  expect(result.statuses['200'] ?? 0, report(result)).toBeGreaterThan(0);
  expect(bot().running(), report(result)).toBe(true);
  expect((await fetch(`${bot().peer.url!}/health`)).status).toBe(200);
  expect(bot().output(), report(result)).not.toMatch(/unhandled rejection|uncaught exception/i);
}

describe('malformed requests on the HTTP adapters', () => {
  it('Slack: 10,000 signed malformed requests get no 5xx, the bot stays up and answers /migrate help after', async () => {
    const slack = new SlackPeer(bot().peer.url!, signingSecret, slackFake, 'C0MAIN');
    const bodies = malformedSlackBodies(slackShapes(slackFake.responseUrl('fuzz')), perAdapter, seededRandom(seed));
    await floodAndCheck(bodies.map((b) => ({ label: `${b.contentType} ${shortLabel(b.body)}`, send: () => slack.send(b.body, { contentType: b.contentType }) })));
    const from = slackFake.calls.length;
    const sent = await slack.command({ id: 'U0AFTER', name: 'after' }, 'help');
    expect(sent.status).toBe(200);
    await watchSlack(slackFake, () => bot().output()).waitForCall('the help after the flood', ephemeralTo({ id: 'U0AFTER' }, '/migrate'), from);
  }, 120_000);

  it('Discord: 10,000 signed malformed interactions get no 5xx, the bot stays up and answers /migrate help after', async () => {
    const bodies = malformedDiscordBodies(discordShapes(bot().peer), perAdapter, seededRandom(seed + 1));
    await floodAndCheck(bodies.map((body) => ({ label: shortLabel(body), send: () => bot().peer.post(body) })));
    const from = discordFake.calls.length;
    const asked = await bot().peer.command(discordUsers.alice, 'help');
    expect(asked.initial).toEqual({ type: 5, data: { flags: 64 } });
    await watchDiscord(discordFake, () => bot().output()).waitForCall('the Discord help after the flood', inInteraction(asked.token, '/migrate'), from);
  }, 120_000);
});
