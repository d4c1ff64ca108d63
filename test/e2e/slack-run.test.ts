/**
 * The whole run flow through Slack, on an account and a MariaDB 11.8 target
 * of this test's own (the run/rollback tests' live environment): typed
 * confirmation and approval in modals, refusals, the run message updated in
 * place to its Rollback button, then the rollback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLiveEnv, type LiveEnv } from '../integration/helpers/live-env.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { SlackPeer, buttonsIn, textOf } from '../helpers/fake-slack-peer.ts';
import { button, ephemeralTo, inChannel as inTeam, stateRows as rows, tsOf, watch } from '../helpers/fake-slack-expect.ts';
import { signingSecret, slackUsers, startSlackBot, teamChannel, type SlackBot } from '../helpers/fake-slack-bot.ts';

const { alice, dave, carol } = slackUsers;
const fake = new FakeSlack();
let live: LiveEnv;
let bot: SlackBot;
let slack: SlackPeer;
const { waitForCall, finalState } = watch(fake, () => bot.output());
const inChannel = (text: string) => inTeam(teamChannel, text);
const stateRows = (sql: string) => rows(live.env.MIGRATE_BOT_STATE_URL, sql);

beforeAll(async () => {
  await fake.start();
  live = await openLiveEnv('slackrun', { policy: { typedConfirmation: true, approval: true } });
  bot = await startSlackBot(fake, 'slackrun', { baseConfig: live.configPath, account: 'acct', env: live.env });
  slack = new SlackPeer(bot.url, signingSecret, fake, teamChannel);
}, 300_000);

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  await live?.dispose();
}, 300_000);

describe('Slack: run and rollback', () => {
  it('runs the migration with typed confirmation and approval in modals, then rolls it back', async () => {
    const from = fake.calls.length;
    await slack.command(alice, 'run m118');
    const confirmation = await waitForCall('the run confirmation', ephemeralTo(alice, 'Confirm: migrate acct to 11.8'), from, 60_000);
    const confirm = button(confirmation, 'Confirm');
    expect(confirm.style).toBe('danger');
    expect(confirm.confirm?.title.text).toBe('Are you sure?');
    expect(confirm.confirm?.style).toBe('danger');
    expect(confirm.action_id).toMatch(/^c-/);

    // Confirm opens the typed-confirmation modal with the press's trigger, within 3 seconds.
    const press = await slack.press(alice, confirm, { ephemeral: true });
    expect(press.ms).toBeLessThan(3000);
    const typedModal = await waitForCall('the typed modal', (c) => c.method === 'views.open' && c.body['trigger_id'] === press.trigger, from);
    expect(JSON.stringify(typedModal.body['view'])).toContain('plain_text_input');
    const submitted = await slack.submit(alice, typedModal, 'acct');
    expect(submitted.status).toBe(200);
    expect(submitted.ms).toBeLessThan(3000);

    // The confirmation is replaced through the press's response_url; the run waits for approval.
    await waitForCall('the confirmation replaced', (c) => c.method === 'response_url' && c.path.endsWith(encodeURIComponent(press.responseUrl.split('/').pop()!)) && textOf(c).includes('waiting for approval') && c.body['replace_original'] === true, from);
    const runMessage = await waitForCall('the run message', inChannel('Migration m118 of acct'), from);
    const approval = await waitForCall('the approval request', inChannel('an owner or admin other than them must approve'), from);
    expect(buttonsIn(approval).map((b) => b.text.text)).toEqual(['Approve', 'Reject']);

    // A viewer's approval is refused; the requester's own too.
    const carolPress = await slack.press(carol, button(approval, 'Approve'));
    const carolModal = await waitForCall('the approval modal for carol', (c) => c.method === 'views.open' && c.body['trigger_id'] === carolPress.trigger, from);
    await slack.submit(carol, carolModal);
    await waitForCall('carol refused', ephemeralTo(carol, 'You need the *owner* role on `acct`'), from);
    const alicePress = await slack.press(alice, button(approval, 'Approve'));
    const aliceModal = await waitForCall('the approval modal for alice', (c) => c.method === 'views.open' && c.body['trigger_id'] === alicePress.trigger, from);
    await slack.submit(alice, aliceModal);
    await waitForCall('alice refused', ephemeralTo(alice, 'Nobody approves their own run'), from);

    // Dave approves in the review modal.
    const davePress = await slack.press(dave, button(approval, 'Approve'));
    const reviewModal = await waitForCall('the approval modal', (c) => c.method === 'views.open' && c.body['trigger_id'] === davePress.trigger, from);
    expect(textOf(reviewModal)).toContain('an owner or admin other than them must approve');
    expect((await slack.submit(dave, reviewModal)).status).toBe(200);
    await waitForCall('the approval message replaced', (c) => c.method === 'response_url' && textOf(c).includes('Approved by dave'), from);
    await waitForCall('the team told of the approval', inChannel('dave approved the migration m118 of acct'), from);

    // The run message follows the run in place, with the bot token, and ends with a Rollback button.
    const runTs = tsOf(runMessage);
    const runFinal = await finalState(runTs, 600_000);
    expect(runFinal, JSON.stringify(fake.messages.get(runTs)?.blocks)).toBe('Migration m118 of acct: succeeded');
    const runBlocks = { body: { blocks: fake.messages.get(runTs)?.blocks } };
    const rollback = buttonsIn(runBlocks).find((b) => b.text.text === 'Rollback');
    expect(rollback?.style).toBe('danger');
    expect(rollback?.confirm?.text.text).toContain('rollback of acct');
    const refs = await stateRows(`SELECT platform, channel_id AS channel FROM message_refs WHERE message_id = '${runTs}'`);
    expect(refs).toEqual([{ platform: 'slack', channel: teamChannel }]);

    // Rollback: a confirmation for alice alone, then Confirm (no typed text for a rollback).
    const rollbackFrom = fake.calls.length;
    await slack.press(alice, rollback!, { messageTs: runTs });
    const rollbackConfirmation = await waitForCall('the rollback confirmation', ephemeralTo(alice, 'Confirm: roll acct back to local-10.11'), rollbackFrom, 60_000);
    const rollbackConfirm = button(rollbackConfirmation, 'Confirm');
    expect(rollbackConfirm.confirm?.style).toBe('danger');
    await slack.press(alice, rollbackConfirm, { ephemeral: true });
    const rollbackMessage = await waitForCall('the rollback message', inChannel('Rollback of acct (m118)'), rollbackFrom);
    const rollbackTs = tsOf(rollbackMessage);
    expect(await finalState(rollbackTs, 600_000), JSON.stringify(fake.messages.get(rollbackTs)?.blocks)).toBe('Rollback of acct (m118): succeeded');
  }, 1_300_000);
});
