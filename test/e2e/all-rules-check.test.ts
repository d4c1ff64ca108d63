/**
 * The Done-when of `/migrate check`: on an account that triggers every rule
 * it names every affected object, on a clean account it reports none; from
 * the terminal with --json, Slack and Discord (test/helpers/all-rules-check-env.ts).
 * The JSON holds the whole report, so it is held to every object; Slack and
 * Discord shorten long answers within their limits, so they are held to the
 * same counts, to every finding they have room for, and to saying where the
 * full report is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AffectedObject, CheckReport } from '../../src/drivers/reports.ts';
import { NOT_TRIGGERED } from '../integration/helpers/all-rules-account.ts';
import { misses } from '../integration/helpers/all-rules-expected.ts';
import { openAllRulesCheckEnv, type AllRulesCheckEnv } from '../helpers/all-rules-check-env.ts';
import { runShellJson } from '../helpers/shell-json.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { SlackPeer } from '../helpers/fake-slack-peer.ts';
import { ephemeralTo, watch as watchSlack } from '../helpers/fake-slack-expect.ts';
import { signingSecret, slackUsers, startSlackBot, teamChannel, type SlackBot } from '../helpers/fake-slack-bot.ts';
import { FakeDiscord, type RecordedCall } from '../helpers/fake-discord.ts';
import { inInteraction, watch as watchDiscord } from '../helpers/fake-discord-expect.ts';
import { discordUsers, startDiscordBot, type DiscordBot } from '../helpers/fake-discord-bot.ts';

let env: AllRulesCheckEnv;
/** The --json report of the all-rules account: what Slack and Discord must agree with. */
let full: CheckReport;
beforeAll(async () => { env = await openAllRulesCheckEnv('e2eallrules'); }, 180_000);
afterAll(async () => { await env?.dispose(); }, 120_000);

const counts = (r: CheckReport) => ['blocker', 'warning', 'notice'].map((s) => r.findings.filter((f) => f.severity === s).length);
const countsLine = (r: CheckReport) => { const [b, w, n] = counts(r); return `Blockers: ${b} · Warnings: ${w} · Notices: ${n}`; };
const nameOf = (o: AffectedObject) => [o.database, o.object, o.column].filter(Boolean).join('.');
const cleanText = 'Nothing found: no rule of this migration stands in the way of `clean` on 11.8.';

describe('the terminal with --json', () => {
  it('names every affected object of the all-rules account, the mapped definer with its mapping', async () => {
    await env.account.useTarget('fixture');
    const { status, lines } = runShellJson('/as bob\n/migrate check m118 all\n', ['--config', env.configPath], env.env);
    expect(status).toBe(0);
    const [report, ...rest] = lines.find((l) => l.text.startsWith('Check of all for m118'))?.check?.reports ?? [];
    expect(rest).toEqual([]);
    full = report!;
    expect(full.targetRead).toBe(true);
    expect(full.findings.map((f) => f.rule).sort()).toEqual(full.rulesRun.filter((id) => !(id in NOT_TRIGGERED)).sort());
    expect(misses(full, env.account.fixture.expected)).toEqual({});
    const gone = full.findings.find((f) => f.rule === 'definers-missing')?.objects.find((o) => o.object === 'dm_gone');
    expect(gone?.detail).toContain(`definer=${env.mapped.from} mapped=${env.mapped.to}`);
  }, 240_000);

  it('reports nothing on the clean account', async () => {
    await env.account.useTarget('clean');
    const { lines } = runShellJson('/as bob\n/migrate check m118 clean\n', ['--config', env.configPath], env.env);
    const answer = lines.find((l) => l.text.startsWith('Check of clean for m118'));
    expect(answer?.check?.reports[0]?.findings).toEqual([]);
    expect(answer?.check?.reports[0]?.rulesRun.length).toBe(full.rulesRun.length);
    expect(answer?.text.split('\n')[1]).toBe('Blockers: 0 · Warnings: 0 · Notices: 0');
    expect(answer?.blocks?.map((b) => b.text)).toContain(cleanText);
  }, 240_000);
});

describe('Slack', () => {
  const fake = new FakeSlack();
  let bot: SlackBot;
  let slack: SlackPeer;
  const { waitForCall } = watchSlack(fake, () => bot.output());
  beforeAll(async () => {
    await fake.start();
    bot = await startSlackBot(fake, 'e2eallrules-slack', { baseConfig: env.configPath, account: 'all', env: env.env });
    slack = new SlackPeer(bot.url, signingSecret, fake, teamChannel);
  }, 180_000);
  afterAll(async () => { await bot?.stop(); await fake.stop(); }, 60_000);

  type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
  const textOf = (b: Block) => b.text?.text ?? (b.elements ?? []).map((e) => e.text).join(' ');
  const ask = async (account: string) => {
    const from = fake.calls.length;
    await slack.command(slackUsers.bob, `check m118 ${account}`);
    const call = await waitForCall(`the check of ${account}`, ephemeralTo(slackUsers.bob, `Check of ${account} for m118`), from, 60_000);
    return { text: String(call.body['text']), blocks: (call.body['blocks'] as Block[] | undefined) ?? [] };
  };

  it('gives the all-rules account\'s counts and every finding with its count, the objects of the ones shown, and where the rest is', async () => {
    await env.account.useTarget('fixture');
    const { text, blocks } = await ask('all');
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    expect(blocks[1]?.text?.text).toContain(`*${countsLine(full)}*`);
    // The notification text lists every finding with its number of objects.
    for (const f of full.findings) expect(text).toContain(`(\`${f.rule}\`): ${f.objects.length}`);
    const shown = full.findings.filter((f) => blocks.some((b) => b.text?.text.includes(`— \`${f.rule}\``)));
    expect(shown.length).toBe(Math.min(full.findings.length, 24));
    for (const f of shown) {
      const block = blocks.find((b) => b.text?.text.includes(`— \`${f.rule}\``))?.text?.text ?? '';
      for (const o of f.objects.slice(0, 5)) if (nameOf(o) !== '') expect(block).toContain(`• \`${nameOf(o)}\``);
      if (f.objects.length > 5) expect(block).toContain(`… and ${f.objects.length - 5} more`);
    }
    // Context blocks: the findings left out, and where every object is.
    expect(blocks.map(textOf)).toEqual(expect.arrayContaining([
      `${full.findings.length - shown.length} more findings are not shown here.`,
      'Every object: `/migrate check` in the terminal with `--json` prints the full report.',
    ]));
  });

  it('says the clean account is clean', async () => {
    await env.account.useTarget('clean');
    const { text, blocks } = await ask('clean');
    expect(text.split('\n')[1]).toBe('Blockers: 0 · Warnings: 0 · Notices: 0');
    expect(blocks.map((b) => b.text?.text)).toContain(cleanText);
  });
});

describe('Discord', () => {
  const fake = new FakeDiscord();
  let bot: DiscordBot;
  const { waitForCall } = watchDiscord(fake, () => bot.output());
  beforeAll(async () => {
    await fake.start();
    bot = await startDiscordBot(fake, 'http', 'e2eallrules-discord', { baseConfig: env.configPath, account: 'all', env: env.env });
  }, 180_000);
  afterAll(async () => { await bot?.stop(); await fake.stop(); }, 60_000);

  type Embed = { title?: string; description?: string };
  const ask = async (account: string): Promise<Embed> => {
    const from = fake.calls.length;
    const asked = await bot.peer.command(discordUsers.bob, 'check', { migration: 'm118', account });
    const call: RecordedCall = await waitForCall(`the check of ${account}`, inInteraction(asked.token, `Check of ${account} for m118`), from, 60_000);
    return ((call.body['embeds'] as Embed[] | undefined) ?? [])[0] ?? {};
  };
  // Discord markdown escapes the colons of text.
  const discordCounts = (r: CheckReport) => `**${countsLine(r).replace(/:/g, '\\:')}**`;

  it('gives the all-rules account\'s counts, its first findings with their objects, and says the full report is in --json', async () => {
    await env.account.useTarget('fixture');
    const embed = await ask('all');
    const description = embed.description ?? '';
    expect(embed.title).toBe('Check of all for m118');
    expect([...description].length).toBeLessThanOrEqual(4096);
    expect(description).toContain(discordCounts(full));
    const first = full.findings.find((f) => f.severity === 'blocker');
    expect(description).toContain(`— \`${first?.rule ?? ''}\``);
    for (const o of first?.objects.slice(0, 5) ?? []) expect(description).toContain(`\`${nameOf(o)}\``);
    expect(description.endsWith('*This message is shortened. Every object: `/migrate check` in the terminal with `--json` prints the full report.*')).toBe(true);
  });

  it('says the clean account is clean', async () => {
    await env.account.useTarget('clean');
    const description = (await ask('clean')).description ?? '';
    expect(description).toContain(discordCounts({ ...full, findings: [] }));
    expect(description).toContain('Nothing found');
    expect(description).toContain('`clean`');
  });
});
