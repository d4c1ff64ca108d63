/**
 * The Discord end-to-end scenarios on the demo account, run in both modes
 * (test/e2e/discord-http.test.ts, discord-gateway.test.ts): the test plays
 * Discord (interactions signed or dispatched, a fake REST and Gateway that
 * record every call) against the bot in a child process. In order, on one
 * bot and one state. The bot uses interaction tokens for 5 seconds and the
 * fake honours them for 6; a 7-second rate limit on the first edit makes a
 * test import's later edits land after its token died.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupIsolatedEnv } from './isolated-env.ts';
import { FakeDiscord, dmChannelOf } from './fake-discord.ts';
import { buttonsOf, textOf, type DiscordPeer } from './fake-discord-peer.ts';
import { inChannel as inTeam, inInteraction, stateRows as rows, titleOf, watch } from './fake-discord-expect.ts';
import { botToken, discordUsers, startDiscordBot, teamChannel, type DiscordBot } from './fake-discord-bot.ts';

const { alice, dave, bob, carol, elodie } = discordUsers;

/** What the mode-specific tests of a file get: the running bot, its peer, the fake. */
export interface ScenarioWorld {
  readonly fake: FakeDiscord;
  readonly bot: () => DiscordBot;
}

export function discordScenarios(mode: 'http' | 'gateway', extra?: (world: ScenarioWorld) => void): void {
  const fake = new FakeDiscord();
  let bot: DiscordBot;
  let discord: DiscordPeer;
  const { waitForCall, messageOf, finalState } = watch(fake, () => bot.output());
  const inChannel = (text: string) => inTeam(teamChannel, text);
  const stateRows = (sql: string) => rows(bot.env.MIGRATE_BOT_STATE_URL, sql);
  /** The deferred answer of interaction `token`, once the bot filled it. */
  const answerOf = (token: string, text: string, from: number) => messageOf(`the answer to ${token} with "${text}"`, inInteraction(token, text), from);

  beforeAll(async () => {
    await fake.start();
    fake.tokenLifetimeMs = 6000;
    bot = await startDiscordBot(fake, mode, `discord${mode}`, { tokenSeconds: 5 });
    discord = bot.peer;
  }, 180_000);

  afterAll(async () => {
    if (process.env['DEBUG_DISCORD']) console.log(bot?.output());
    await bot?.stop();
    await fake.stop();
    if (bot) await cleanupIsolatedEnv(bot.env);
  }, 300_000);

  describe(`Discord adapter, ${mode} mode, against a fake Discord`, () => {
    it('defers /migrate list at once (ephemeral), then fills the answer with an embed and buttons', async () => {
      const from = fake.calls.length;
      const sent = await discord.command(alice, 'list');
      expect(sent.status).toBe(200);
      expect(sent.ms).toBeLessThan(3000);
      expect(sent.initial).toEqual({ type: 5, data: { flags: 64 } });
      const list = await answerOf(sent.token, 'Migrations for demo', from);
      expect(list.ephemeral).toBe(true);
      expect(titleOf(list)).toBe('Migrations for demo');
      expect(textOf(list)).toContain('<https://mariadb.com/docs/'); // a bare link: no preview embed
      expect(buttonsOf(list).map((b) => b.label)).toEqual(['Test', 'Run', 'Test']);
      expect(buttonsOf(list).find((b) => b.label === 'Run')?.style).toBe(4);
      if (mode === 'gateway') expect(fake.gateway.identifies[0]).toEqual({ token: botToken, intents: 1 });
    });

    it('speaks French to a user whose Discord locale is French, and refuses them without the role', async () => {
      const from = fake.calls.length;
      const list = await discord.command(elodie, 'list');
      expect(textOf(await answerOf(list.token, 'Migrations pour demo', from))).toContain('MariaDB 10.11 vers 11.8');
      const test = await discord.command(elodie, 'test', { migration: 'mariadb-11.8' });
      await answerOf(test.token, 'Il faut le rôle **operator**', from);
    });

    it('refuses a button press by a user without the role, and starts nothing', async () => {
      const from = fake.calls.length;
      const asked = await discord.command(alice, 'list');
      const list = await answerOf(asked.token, 'Migrations for demo', from);
      const pressed = await discord.press(carol, list, 'Test');
      expect(pressed.initial).toEqual({ type: 6 });
      expect(pressed.ms).toBeLessThan(3000);
      await waitForCall('the refusal to carol', inInteraction(pressed.token, 'You need the **operator** role'), from);
      expect(await stateRows('SELECT COUNT(*) AS n FROM operations')).toEqual([{ n: 0 }]);
    });

    it('suggests the accounts and migrations a user may use (autocomplete, at most 25)', async () => {
      const accounts = await discord.autocomplete(alice, 'test', 'account', '');
      expect(accounts.initial).toEqual({ type: 8, data: { choices: [{ name: 'demo', value: 'demo' }] } });
      const migrations = await discord.autocomplete(alice, 'test', 'migration', 'mariadb-11');
      const choices = (migrations.initial['data'] as { choices: { name: string; value: string }[] }).choices;
      expect(choices[0]).toEqual({ name: 'mariadb-11.8 — MariaDB 10.11 to 11.8', value: 'mariadb-11.8' });
      expect(choices.length).toBeLessThanOrEqual(25);
      const stranger = await discord.autocomplete({ id: '199999999999999999', name: 'mallory' }, 'test', 'account', '');
      expect(stranger.initial).toEqual({ type: 8, data: { choices: [] } });
    });

    it("refuses a press of another user's confirmation, directly and through the typed-confirmation modal", async () => {
      const from = fake.calls.length;
      const asked = await discord.command(alice, 'run', { migration: 'mariadb-11.8' });
      const confirmation = await answerOf(asked.token, 'Confirm: migrate demo to 11.8', from);
      expect(buttonsOf(confirmation).map((b) => [b.label, b.style])).toEqual([['Confirm', 4], ['Cancel', 2]]);
      const cancel = await discord.press(dave, confirmation, 'Cancel');
      await waitForCall('the refusal of the Cancel press', inInteraction(cancel.token, `This confirmation belongs to ${alice.id}`), from);
      // Confirm asks for the typed account name: a modal (type 9) as the first answer; its submission is refused.
      const confirm = await discord.press(dave, confirmation, 'Confirm');
      expect(confirm.initial['type']).toBe(9);
      expect(JSON.stringify(confirm.initial)).toContain('"type":4');
      const submitted = await discord.submit(dave, confirm, confirmation, 'demo');
      expect(submitted.initial).toEqual({ type: 6 });
      await waitForCall('the refusal of the modal submission', inInteraction(submitted.token, `This confirmation belongs to ${alice.id}`), from);
      expect(await stateRows('SELECT COUNT(*) AS n FROM operations')).toEqual([{ n: 0 }]);
    });

    it('runs a test import: a channel message edited to its report after the token expired; credentials to the requester alone', async () => {
      const from = fake.calls.length;
      fake.rateLimitOnce('POST /channels/:id/messages', 1);
      // The first edit waits 7 s: the later edits queue behind it, past the 6 s the fake honours the token.
      fake.rateLimitOnce('PATCH /channels/:id/messages/:id', 7);
      const asked = await discord.command(bob, 'test', { migration: 'mariadb-11.8' });
      expect(asked.ms).toBeLessThan(3000);
      const posted = await messageOf('the operation message', inChannel('Test of mariadb-11.8 for demo'), from);
      expect(await finalState(posted.id), textOf(fake.messages.get(posted.id)!)).toBe('Test of mariadb-11.8 for demo: succeeded');
      const mine = fake.calls.slice(from);
      // The 429: the same message sent again after its retry_after, once, and still first in the channel.
      const limited = mine.find((c) => c.status === 429)!;
      const channelPosts = mine.filter((c) => c.route === 'POST /channels/:id/messages' && c.path === limited.path);
      expect(channelPosts[1]?.body).toEqual(limited.body);
      expect(channelPosts[1]!.at - limited.at).toBeGreaterThanOrEqual(900);
      expect(channelPosts.filter((c) => c.status < 300 && JSON.stringify(c.body) === JSON.stringify(limited.body))).toHaveLength(1);
      // Edited with the bot token, also after the interaction token died.
      const edits = mine.filter((c) => c.route === 'PATCH /channels/:id/messages/:id' && c.path.endsWith(`/${posted.id}`) && c.status !== 429);
      for (const edit of edits) expect([edit.status, edit.authorization]).toEqual([200, `Bot ${botToken}`]);
      expect(edits.at(-1)!.at - fake.interactions.get(asked.token)!.issuedAt).toBeGreaterThan(fake.tokenLifetimeMs);
      expect(mine.filter((c) => c.status === 401)).toEqual([]);
      const limitedEdit = mine.find((c) => c.status === 429 && c.route === 'PATCH /channels/:id/messages/:id')!;
      expect(edits[0]?.body).toEqual(limitedEdit.body);
      expect(edits[0]!.at - limitedEdit.at).toBeGreaterThanOrEqual(6900);
      expect(textOf(fake.messages.get(posted.id)!)).toContain('Temporary server');
      expect(buttonsOf(fake.messages.get(posted.id)!)).toEqual([]);
      // Credentials: to bob alone (his interaction while it lived, else a direct message), never in the channel.
      const credentials = await waitForCall('the credentials', (c) => textOf(c).includes('Temporary server for your tests'), from);
      expect(credentials.token === asked.token || credentials.path.includes(`/channels/${dmChannelOf(bob.id)}/`)).toBe(true);
      expect(mine.filter((c) => c.path.includes(`/channels/${teamChannel}/`) && textOf(c).includes('password'))).toEqual([]);
      // Discord markdown escapes the parentheses of the core's text.
      await waitForCall('the team told of the start', inChannel('test of demo \\\\(mariadb-11.8\\\\) started'), from);
      const refs = await stateRows(`SELECT platform, channel_id AS channel FROM message_refs WHERE message_id = '${posted.id}'`);
      expect(refs).toEqual([{ platform: 'discord', channel: teamChannel }]);
    }, 240_000);

    extra?.({ fake, bot: () => bot });
  });
}
