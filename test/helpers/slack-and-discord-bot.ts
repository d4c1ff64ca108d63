/**
 * One bot process serving Slack and Discord over HTTP on one port, against
 * a fake of each, for the tests of a file: started before them, stopped
 * and cleaned up after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { cleanupIsolatedEnv } from './isolated-env.ts';
import { FakeDiscord } from './fake-discord.ts';
import { FakeSlack } from './fake-slack.ts';
import { startDiscordBot, type DiscordBot } from './fake-discord-bot.ts';

export interface SlackAndDiscord {
  readonly discordFake: FakeDiscord;
  readonly slackFake: FakeSlack;
  readonly signingSecret: string;
  /** The running bot (Discord in HTTP mode, Slack on the same port); set once the file's tests start. */
  readonly bot: () => DiscordBot;
}

export function slackAndDiscordBot(label: string): SlackAndDiscord {
  const discordFake = new FakeDiscord();
  const slackFake = new FakeSlack();
  const signingSecret = `${label}-signing-secret-0123456789abcdef`;
  let bot: DiscordBot | undefined;
  beforeAll(async () => {
    await discordFake.start();
    await slackFake.start();
    bot = await startDiscordBot(discordFake, 'http', label, {
      extraEnv: { SLACK_BOT_TOKEN: `xoxb-${label}`, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: slackFake.apiUrl },
    });
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discordFake.stop();
    await slackFake.stop();
    if (bot) await cleanupIsolatedEnv(bot.env);
  }, 300_000);
  return {
    discordFake, slackFake, signingSecret,
    bot: () => {
      if (!bot) throw new Error('the bot has not started');
      return bot;
    },
  };
}
