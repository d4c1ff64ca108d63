import { webApi } from '@slack/bolt';
import type { Core } from '../../src/core.ts';
import { SlackChatPort } from './slack-chat-port.ts';
import { slackClientOptions } from './slack-app.ts';
import type { SlackSettings } from './slack-settings.ts';

/**
 * Slack for a process that only sends (a standalone worker): the Web API
 * with the bot token, no receiver. Progress, reports and deadline updates
 * reach Slack from whichever worker runs the operation.
 */
export function registerSlackWebPort(core: Core, settings: SlackSettings): SlackChatPort {
  const client = new webApi.WebClient(settings.botToken, slackClientOptions(settings));
  const port = new SlackChatPort(client, { defaultLocale: core.config.locale, logger: core.logger.child({ adapter: 'slack' }) });
  core.chat.register(port);
  return port;
}
