/**
 * `/migrate check` through Slack: the slash command's text routes the
 * subcommand, the answer is ephemeral Block Kit within Slack's limits (50
 * blocks, 3,000 characters a section), a table named like a link stays
 * text. Assertions name the no-primary-key rule only: other rules may be
 * added and find other things.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { SlackPeer, textOf } from '../helpers/fake-slack-peer.ts';
import { ephemeralTo, watch } from '../helpers/fake-slack-expect.ts';
import { signingSecret, slackUsers, startSlackBot, teamChannel, type SlackBot } from '../helpers/fake-slack-bot.ts';
import { openCheckEnv, type CheckEnv } from '../helpers/check-env.ts';

const { bob, elodie } = slackUsers;
const fake = new FakeSlack();
let env: CheckEnv;
let bot: SlackBot;
let slack: SlackPeer;
const { waitForCall } = watch(fake, () => bot.output());

beforeAll(async () => {
  await fake.start();
  fake.locales.set(elodie.id, 'fr-FR');
  env = await openCheckEnv('slackcheck');
  bot = await startSlackBot(fake, 'slackcheck', { baseConfig: env.configPath, account: 'acct', env: env.env });
  slack = new SlackPeer(bot.url, signingSecret, fake, teamChannel);
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  await env?.dispose();
}, 120_000);

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const blocksOf = (call: { body: Record<string, unknown> }) => (call.body['blocks'] as Block[] | undefined) ?? [];

describe('Slack: /migrate check', () => {
  it('answers the requester alone with the findings in Block Kit, each object name as text', async () => {
    const from = fake.calls.length;
    const sent = await slack.command(bob, 'check m118 acct');
    expect([sent.status, sent.ms < 3000]).toEqual([200, true]);
    const answer = await waitForCall('the check, ephemeral to bob', ephemeralTo(bob, 'Check of acct for m118'), from, 60_000);
    const blocks = blocksOf(answer);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Check of acct for m118' } });
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    const finding = blocks.find((b) => b.text?.text.includes('`no-primary-key`'))?.text?.text ?? '';
    expect(finding).toContain(`*Tables without a primary key* — \`no-primary-key\``);
    expect(finding).toContain(`• \`${env.keyless}.log\``);
    // Slack mrkdwn: the link-like name is escaped inside code, the rule's documentation is the one link.
    expect(finding).toContain(`• \`${env.keyless}.log &lt;https://evil.example|click&gt;\``);
    expect(finding.match(/<https:[^>|]+\|/g)).toEqual(['<https://mariadb.com/docs/server/ha-and-performance/optimization-and-tuning/optimization-and-indexes/primary-keys-with-nullable-columns|']);
    expect(textOf(answer)).toContain('did not answer: the rules about its settings said nothing.');
    expect((answer.body['blocks'] as { text?: { verbatim?: boolean } }[]).filter((b) => b.text?.verbatim === false)).toEqual([]);
  });

  it('finds no table without a key on the clean account', async () => {
    const from = fake.calls.length;
    await slack.command(bob, 'check m118 clean');
    const answer = await waitForCall('the clean check', ephemeralTo(bob, 'Check of clean for m118'), from, 60_000);
    expect(textOf(answer)).not.toContain('no-primary-key`');
    expect(textOf(answer)).toMatch(/Blockers: \d+ · Warnings: \d+ · Notices: \d+/);
    if (!/Notices: [1-9]|Warnings: [1-9]|Blockers: [1-9]/.test(textOf(answer))) expect(textOf(answer)).toContain('Nothing found: no rule of this migration stands in the way of `clean` on 11.8.');
  });

  it('refuses a viewer, in French when that is their language', async () => {
    const from = fake.calls.length;
    await slack.command(elodie, 'check m118 acct');
    await waitForCall('the refusal in French', ephemeralTo(elodie, 'Il faut le rôle *operator* sur `acct`'), from);
  });
});
