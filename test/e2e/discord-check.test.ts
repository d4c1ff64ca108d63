/**
 * `/migrate check` through Discord (HTTP interactions; the Gateway carries
 * the same interactions): the `check` subcommand with its typed options and
 * autocomplete, the ephemeral answer as an embed within Discord's limits, a
 * table named like a link left as text, and run's `override-check` option.
 * Assertions name the no-primary-key rule only: other rules may be added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type RecordedCall } from '../helpers/fake-discord.ts';
import { textOf } from '../helpers/fake-discord-peer.ts';
import { inInteraction, watch } from '../helpers/fake-discord-expect.ts';
import { discordUsers, startDiscordBot, type DiscordBot } from '../helpers/fake-discord-bot.ts';
import { openCheckEnv, type CheckEnv } from '../helpers/check-env.ts';

const { alice, bob } = discordUsers;
const fake = new FakeDiscord();
let env: CheckEnv;
let bot: DiscordBot;
const { waitForCall } = watch(fake, () => bot.output());

beforeAll(async () => {
  await fake.start();
  env = await openCheckEnv('discordcheck');
  bot = await startDiscordBot(fake, 'http', 'discordcheck', { baseConfig: env.configPath, account: 'acct', env: env.env });
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  await env?.dispose();
}, 120_000);

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };
const embedOf = (call: RecordedCall): Embed => ((call.body['embeds'] as Embed[] | undefined) ?? [])[0] ?? {};
const size = (embed: Embed) => [...(embed.title ?? '')].length + [...(embed.description ?? '')].length
  + (embed.fields ?? []).reduce((n, f) => n + [...f.name].length + [...f.value].length, 0);

describe('Discord: /migrate check', () => {
  it('answers /migrate check within the interaction, ephemeral, the findings in an embed within Discord\'s limits', async () => {
    const from = fake.calls.length;
    const asked = await bot.peer.command(bob, 'check', { migration: 'm118', account: 'acct' });
    expect(asked.initial).toEqual({ type: 5, data: { flags: 64 } });
    expect(asked.ms).toBeLessThan(3000);
    const answer = await waitForCall('the check', inInteraction(asked.token, 'Check of acct for m118'), from, 60_000);
    const embed = embedOf(answer);
    expect(embed.title).toBe('Check of acct for m118');
    expect([...(embed.description ?? '')].length).toBeLessThanOrEqual(4096);
    expect(size(embed)).toBeLessThanOrEqual(6000);
    const description = embed.description ?? '';
    expect(description).toContain('**Tables without a primary key** — `no-primary-key`');
    expect(description).toContain(`• \`${env.keyless}.log\``);
    // In code, the link-like name is only text; outside code the only links are masked ones the core wrote.
    expect(description).toContain(`• \`${env.keyless}.log <https://evil.example|click>\``);
    // Each finding's documentation link, and nothing else (other rules may find things on this account too).
    const links = description.match(/\]\(https:[^)]+\)/g) ?? [];
    expect(links).toContain('](https://mariadb.com/docs/server/ha-and-performance/optimization-and-tuning/optimization-and-indexes/primary-keys-with-nullable-columns)');
    for (const link of links) expect(link).toMatch(/^\]\(https:\/\/mariadb\.com\//);
    expect(answer.body['allowed_mentions']).toEqual({ parse: [] });
  });

  it('finds no table without a key on the clean account', async () => {
    const from = fake.calls.length;
    const asked = await bot.peer.command(bob, 'check', { migration: 'm118', account: 'clean' });
    const answer = await waitForCall('the clean check', inInteraction(asked.token, 'Check of clean for m118'), from, 60_000);
    expect(textOf(answer)).not.toContain('no-primary-key');
    // Discord markdown escapes the colons of text (an escaped one is never an emoji or a link).
    expect(embedOf(answer).description).toMatch(/\*\*Blockers\\: \d+ · Warnings\\: \d+ · Notices\\: \d+\*\*/);
  });

  it('completes the migration of a check, and takes run\'s override-check option as the text command\'s --override-check', async () => {
    const completed = await bot.peer.autocomplete(bob, 'check', 'migration', 'm1', { account: 'acct' });
    expect(completed.initial).toEqual({ type: 8, data: { choices: [{ name: 'm118 — MariaDB 10.11 to 11.8', value: 'm118' }] } });
    const from = fake.calls.length;
    const asked = await bot.peer.command(alice, 'run', { migration: 'm118', account: 'strict', 'override-check': 'the customer accepts' });
    await waitForCall('the refusal', inInteraction(asked.token, 'Only an admin may override the check policy'), from, 60_000);
  });
});
