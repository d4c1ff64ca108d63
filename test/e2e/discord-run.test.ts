/**
 * The whole run flow through Discord, in both modes, on an account and a
 * MariaDB 11.8 target of each mode's own (the run/rollback tests' live
 * environment): typed confirmation and approval in modals, refusals, the
 * run message edited in place to its Rollback button (danger), the "are
 * you sure" step, then the rollback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLiveEnv, type LiveEnv } from '../integration/helpers/live-env.ts';
import { FakeDiscord, type StoredMessage } from '../helpers/fake-discord.ts';
import { buttonsOf, textOf, type Answered } from '../helpers/fake-discord-peer.ts';
import { inChannel as inTeam, inInteraction, stateRows as rows, watch } from '../helpers/fake-discord-expect.ts';
import { discordUsers, startDiscordBot, teamChannel, type DiscordBot } from '../helpers/fake-discord-bot.ts';

const { alice, dave, carol } = discordUsers;

describe.each(['http', 'gateway'] as const)('Discord, %s mode: run and rollback', (mode) => {
  const fake = new FakeDiscord();
  let live: LiveEnv;
  let bot: DiscordBot;
  const { waitForCall, messageOf, finalState } = watch(fake, () => bot.output());
  const inChannel = (text: string) => inTeam(teamChannel, text);
  /** The ephemeral message an interaction's first answer created (type 4). */
  const answerMessage = (answered: Answered): StoredMessage => fake.messages.get(fake.interactions.get(answered.token)?.originalId ?? '')!;

  beforeAll(async () => {
    await fake.start();
    live = await openLiveEnv(`discordrun${mode}`, { policy: { typedConfirmation: true, approval: true } });
    bot = await startDiscordBot(fake, mode, `discordrun${mode}`, { baseConfig: live.configPath, account: 'acct', env: live.env });
  }, 300_000);

  afterAll(async () => {
    await bot?.stop();
    await fake.stop();
    await live?.dispose();
  }, 300_000);

  it('runs the migration with typed confirmation and approval in modals, then rolls it back', async () => {
    const discord = bot.peer;
    const from = fake.calls.length;
    const asked = await discord.command(alice, 'run', { migration: 'm118' });
    const confirmation = await messageOf('the run confirmation', inInteraction(asked.token, 'Confirm: migrate acct to 11.8'), from, 60_000);
    expect(confirmation.ephemeral).toBe(true);
    expect(buttonsOf(confirmation).find((b) => b.label === 'Confirm')?.style).toBe(4);

    // Confirm opens the typed-confirmation modal as its first answer; the submission replaces the confirmation.
    const confirm = await discord.press(alice, confirmation, 'Confirm');
    expect(confirm.ms).toBeLessThan(3000);
    expect(confirm.initial['type']).toBe(9);
    const submitted = await discord.submit(alice, confirm, confirmation, 'acct');
    expect(submitted.initial).toEqual({ type: 6 });
    await waitForCall('the confirmation replaced', (c) => c.token === submitted.token && c.route === 'PATCH /webhooks/:app/:token/messages/@original' && textOf(c).includes('waiting for approval'), from);
    const runMessage = await messageOf('the run message', inChannel('Migration m118 of acct'), from);
    const approval = await messageOf('the approval request', inChannel('an owner or admin other than them must approve'), from);
    expect(buttonsOf(approval).map((b) => [b.label, b.style])).toEqual([['Approve', 1], ['Reject', 4]]);

    // A viewer's approval is refused, in the modal's submission.
    const carolPress = await discord.press(carol, approval, 'Approve');
    expect(carolPress.initial['type']).toBe(9);
    const carolSubmit = await discord.submit(carol, carolPress, approval, '');
    await waitForCall('carol refused', inInteraction(carolSubmit.token, 'You need the **owner** role'), from);

    // Dave approves in the review modal (with a comment); the approval request is replaced.
    const davePress = await discord.press(dave, approval, 'Approve');
    const daveSubmit = await discord.submit(dave, davePress, approval, 'looks good');
    await waitForCall('the approval replaced', (c) => c.token === daveSubmit.token && c.route === 'PATCH /webhooks/:app/:token/messages/@original' && textOf(c).includes('Approved by dave'), from);

    // The run message follows the run in place, with the bot token, and ends with a danger Rollback button.
    expect(await finalState(runMessage.id, 600_000), textOf(fake.messages.get(runMessage.id)!)).toBe('Migration m118 of acct: succeeded');
    const rollbackButton = buttonsOf(fake.messages.get(runMessage.id)!).find((b) => b.label === 'Rollback');
    expect(rollbackButton?.style).toBe(4);

    // Rollback: "are you sure" (ephemeral, its own danger button), then the confirmation, then its own "are you sure".
    const rollbackFrom = fake.calls.length;
    const sure = await discord.press(alice, fake.messages.get(runMessage.id)!, 'Rollback');
    expect(sure.initial).toMatchObject({ type: 4, data: { flags: 64 } });
    const yes = await discord.press(alice, answerMessage(sure), 'Yes, go ahead');
    const rollbackConfirmation = await messageOf('the rollback confirmation', inInteraction(yes.token, 'Confirm: roll acct back to local-10.11'), rollbackFrom, 60_000);
    const sureAgain = await discord.press(alice, rollbackConfirmation, 'Confirm');
    expect(sureAgain.initial).toMatchObject({ type: 4, data: { flags: 64 } });
    await discord.press(alice, answerMessage(sureAgain), 'Yes, go ahead');
    const rollbackMessage = await messageOf('the rollback message', inChannel('Rollback of acct (m118)'), rollbackFrom);
    expect(await finalState(rollbackMessage.id, 600_000), textOf(fake.messages.get(rollbackMessage.id)!)).toBe('Rollback of acct (m118): succeeded');
    const refs = await rows(live.env.MIGRATE_BOT_STATE_URL, `SELECT platform, channel_id AS channel FROM message_refs WHERE message_id = '${runMessage.id}'`);
    expect(refs).toEqual([{ platform: 'discord', channel: teamChannel }]);
  }, 1_300_000);
});
