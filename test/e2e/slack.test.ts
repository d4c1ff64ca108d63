/**
 * The test plays Slack: it sends signed slash commands, block_actions and
 * view_submission requests to the bot (a separate process, as `npm start`
 * runs it, in HTTP mode) and answers the bot's Web API calls with a fake
 * that records them. The tests run in order on one bot and one state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupIsolatedEnv } from '../helpers/isolated-env.ts';
import { eventually } from '../helpers/test-core.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { SlackPeer, buttonsIn, textOf } from '../helpers/fake-slack-peer.ts';
import { button, directTo, ephemeralTo, inChannel as inTeam, stateRows as rows, tsOf, watch } from '../helpers/fake-slack-expect.ts';
import { signingSecret, slackUsers, startSlackBot, teamChannel, type SlackBot } from '../helpers/fake-slack-bot.ts';

const { alice, dave, bob, carol, elodie } = slackUsers;
const fake = new FakeSlack();
let bot: SlackBot;
let slack: SlackPeer;

beforeAll(async () => {
  await fake.start();
  fake.locales.set(elodie.id, 'fr-FR');
  bot = await startSlackBot(fake, 'slack');
  slack = new SlackPeer(bot.url, signingSecret, fake, teamChannel);
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  if (bot) await cleanupIsolatedEnv(bot.env);
}, 300_000);

const { waitForCall, finalState } = watch(fake, () => bot.output());
const inChannel = (text: string) => inTeam(teamChannel, text);
const stateRows = (sql: string) => rows(bot.env.MIGRATE_BOT_STATE_URL, sql);

describe('Slack adapter, HTTP mode, against a fake Slack', () => {
  it('acknowledges /migrate list at once and answers the requester alone in Block Kit, with the bot token', async () => {
    const from = fake.calls.length;
    const sent = await slack.command(alice, 'list');
    expect(sent.status).toBe(200);
    expect(sent.ms).toBeLessThan(3000);
    const list = await waitForCall('the list, ephemeral to alice', ephemeralTo(alice, 'Migrations for demo'), from);
    expect(list.authorization).toBe('Bearer xoxb-e2e-bot-token');
    expect(list.body['channel']).toBe(teamChannel);
    const blocks = list.body['blocks'] as { type: string }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Migrations for demo' } });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(list)).toContain('<https://mariadb.com/docs/');
    expect(buttonsIn(list).map((b) => b.text.text)).toEqual(['Test', 'Run', 'Test']);
    expect(button(list, 'Run').style).toBe('danger');
    const info = fake.callsOf('users.info').find((c) => c.body['user'] === alice.id);
    expect(info?.body['include_locale']).toBe('true');
  });

  it('answers a forged, a missing or a 6-minute-old signature with 401 and changes nothing', async () => {
    const from = fake.calls.length;
    const audit = await stateRows('SELECT COUNT(*) AS n FROM audit_log');
    const operations = await stateRows('SELECT COUNT(*) AS n FROM operations');
    const body = slack.commandBody(bob, 'test mariadb-11.8');
    const forged = await slack.send(body, { signature: `v0=${'0'.repeat(64)}` });
    const missing = await slack.send(body, { signature: null });
    const stale = await slack.send(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const otherSecret = new SlackPeer(bot.url, 'not-the-signing-secret', fake, teamChannel);
    const wrongSecret = await otherSecret.command(bob, 'test mariadb-11.8');
    expect([forged.status, missing.status, stale.status, wrongSecret.status]).toEqual([401, 401, 401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fake.calls.slice(from)).toEqual([]);
    expect(await stateRows('SELECT COUNT(*) AS n FROM audit_log')).toEqual(audit);
    expect(await stateRows('SELECT COUNT(*) AS n FROM operations')).toEqual(operations);
  });

  it('speaks French to a user whose Slack locale is French (users.info include_locale)', async () => {
    const from = fake.calls.length;
    expect((await slack.command(elodie, 'list')).status).toBe(200);
    const list = await waitForCall('the French list', ephemeralTo(elodie, 'Migrations pour demo'), from);
    expect(textOf(list)).toContain('MariaDB 10.11 vers 11.8');
    expect(buttonsIn(list)).toEqual([]); // a viewer gets no Test or Run button
    expect((await slack.command(elodie, 'test mariadb-11.8')).status).toBe(200);
    const refusal = await waitForCall('the French refusal', ephemeralTo(elodie, 'Il faut le rôle *operator*'), from);
    expect(refusal.body['channel']).toBe(teamChannel);
  });

  it('refuses a button press by a user without the role, and starts nothing', async () => {
    const from = fake.calls.length;
    await slack.command(alice, 'list');
    const list = await waitForCall('alice\'s list', ephemeralTo(alice, 'Migrations for demo'), from);
    const sent = await slack.press(carol, button(list, 'Test'), { ephemeral: true });
    expect(sent.status).toBe(200);
    expect(sent.ms).toBeLessThan(3000);
    await waitForCall('the refusal to carol', ephemeralTo(carol, 'You need the *operator* role on `demo` to'), from);
    expect(await stateRows('SELECT COUNT(*) AS n FROM operations')).toEqual([{ n: 0 }]);
  });

  it("refuses a press of another user's confirmation, directly and through the typed-confirmation modal", async () => {
    const from = fake.calls.length;
    await slack.command(alice, 'run mariadb-11.8');
    const confirmation = await waitForCall('alice\'s run confirmation', ephemeralTo(alice, 'Confirm: migrate demo to 11.8'), from, 60_000);
    // Cancel is a plain press: refused at once. (The core names the owner by their Slack user id.)
    await slack.press(dave, button(confirmation, 'Cancel'), { ephemeral: true });
    await waitForCall('the refusal of the Cancel press', ephemeralTo(dave, 'This confirmation belongs to U0ALICE'), from);
    // Confirm asks for the typed account name: a modal opens, and its submission is refused.
    const press = await slack.press(dave, button(confirmation, 'Confirm'), { ephemeral: true });
    const modal = await waitForCall('the typed-confirmation modal', (c) => c.method === 'views.open' && c.body['trigger_id'] === press.trigger, from);
    const submitted = await slack.submit(dave, modal, 'demo');
    expect(submitted.status).toBe(200);
    const refusals = fake.calls.slice(from).filter(ephemeralTo(dave, 'This confirmation belongs to U0ALICE')).length;
    await eventually(() => Promise.resolve(fake.calls.slice(from).filter(ephemeralTo(dave, 'This confirmation belongs to U0ALICE')).length > refusals ? true : undefined), 15_000, 'the refusal of the modal submission');
    expect(await stateRows('SELECT COUNT(*) AS n FROM operations')).toEqual([{ n: 0 }]);
  });

  it('runs a test import: queued, then updated in place to its report; credentials to the requester alone; the team told', async () => {
    const from = fake.calls.length;
    const sent = await slack.command(bob, 'test mariadb-11.8');
    expect(sent.ms).toBeLessThan(3000);
    const posted = await waitForCall('the operation message', inChannel('Test of mariadb-11.8 for demo'), from);
    expect(textOf(posted)).toMatch(/Queued \(position \d+\)|running|succeeded/);
    const ts = tsOf(posted);
    const final = await finalState(ts);
    expect(final).toBe('Test of mariadb-11.8 for demo: succeeded');
    const updates = fake.calls.slice(from).filter((c) => c.method === 'chat.update' && c.body['ts'] === ts);
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(update.authorization).toBe('Bearer xoxb-e2e-bot-token');
    const report = JSON.stringify(fake.messages.get(ts)?.blocks);
    expect(report).toContain('Verification:');
    expect(report).toContain('Temporary server:');
    expect(buttonsIn({ body: { blocks: fake.messages.get(ts)?.blocks } })).toEqual([]); // no Cancel once finished
    const credentials = await waitForCall('the credentials', directTo(fake, bob, 'Temporary server for your tests'), from);
    // In bob's direct messages, and nowhere else: no channel message, no ephemeral, no one else's conversation.
    expect(credentials.body['channel']).toBe(fake.directChannelOf(bob.id));
    const withPassword = fake.calls.slice(from).filter((c) => c.method.startsWith('chat.') && textOf(c).includes('password'));
    expect(withPassword.map((c) => c.body['channel'])).toEqual([fake.directChannelOf(bob.id)]);
    await waitForCall('the team told of the start', inChannel('test of demo (mariadb-11.8) started'), from);
    await waitForCall('the team told of the end', inChannel('test of demo (mariadb-11.8) finished'), from);
    const refs = await stateRows(`SELECT platform, channel_id AS channel, message_id AS ts FROM message_refs WHERE message_id = '${ts}'`);
    expect(refs).toEqual([{ platform: 'slack', channel: teamChannel, ts }]);
  }, 240_000);

  it('retries a 429 after its Retry-After, sending the same message once and keeping the channel in order', async () => {
    const from = fake.calls.length;
    fake.rateLimitOnce('chat.postMessage', 2);
    await slack.command(bob, 'test mariadb-11.8');
    const posted = await waitForCall('the operation message', inChannel('Test of mariadb-11.8 for demo'), from);
    const limited = fake.calls.slice(from).find((c) => c.status === 429);
    expect(limited?.method).toBe('chat.postMessage');
    await finalState(tsOf(posted));
    // The first message that got through to the channel is the one that was refused, at least Retry-After later.
    const channelPosts = fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === limited?.body['channel']);
    const firstOk = channelPosts.find((c) => c.status === 200)!;
    expect(firstOk.body).toEqual(limited?.body);
    expect(firstOk.at - limited!.at).toBeGreaterThanOrEqual(1900);
    // Sent once: no duplicate of the refused message.
    expect(channelPosts.filter((c) => c.status === 200 && JSON.stringify(c.body) === JSON.stringify(limited?.body))).toHaveLength(1);
  }, 240_000);
});
