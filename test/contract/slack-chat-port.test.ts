/** Slack's ChatPort under the contract, through the real WebClient against the fake Web API. */
import { webApi } from '@slack/bolt';
import { makeLogger } from '../../jobs/bootstrap.ts';
import { SlackChatPort } from '../../adapters/slack/slack-chat-port.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { chatPortContract } from './chat-port-contract.ts';

const channel = 'C0CONTRACT';

chatPortContract('Slack', async () => {
  const fake = new FakeSlack();
  await fake.start();
  const client = new webApi.WebClient('xoxb-contract', { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  const port = new SlackChatPort(client, { defaultLocale: 'en', logger: makeLogger('error') });
  const ok = () => fake.calls.filter((c) => c.status === 200);
  return {
    port,
    channel,
    users: ['U0ALICE', 'U0BOB'] as const,
    channelTexts: () => [...fake.messages.values()].filter((m) => m.channel === channel).map((m) => m.text),
    // An ephemeral to the user, or a message in their direct conversation with the bot.
    privateTexts: (userId: string) => ok()
      .filter((c) => (c.method === 'chat.postEphemeral' && c.body['user'] === userId)
        || (c.method === 'chat.postMessage' && c.body['channel'] === fake.directChannelOf(userId)))
      .map((c) => String(c.body['text'])),
    rateLimitNextPost: (seconds: number) => fake.rateLimitOnce('chat.postMessage', seconds),
    forget: (handle) => void fake.messages.delete(handle.messageId),
    dispose: () => fake.stop(),
  };
});
