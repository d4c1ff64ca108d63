/** Discord's ChatPort under the contract, through @discordjs/rest against the fake Discord. */
import { REST } from 'discord.js';
import { makeLogger } from '../../jobs/bootstrap.ts';
import { DiscordChatPort } from '../../adapters/discord/discord-chat-port.ts';
import { FakeDiscord, dmChannelOf } from '../helpers/fake-discord.ts';
import { textOf } from '../helpers/fake-discord-peer.ts';
import { chatPortContract } from './chat-port-contract.ts';

const channel = '210000000000000001';
const users = ['110000000000000001', '110000000000000002'] as const;

/** What a Discord message says, as the contract's one-section messages render: its content. */
const said = (content: string) => content;

chatPortContract('Discord', async () => {
  const fake = new FakeDiscord();
  await fake.start();
  const rest = new REST({ api: fake.apiUrl, version: '10' }).setToken('contract-token');
  const port = new DiscordChatPort(rest, { defaultLocale: 'en', logger: makeLogger('error'), interactionTokenMs: 60_000 });
  // The users asked something in the channel a moment ago: their interactions are live.
  for (const user of users) port.open({ id: fake.issue(channel, user).id, token: [...fake.interactions.values()].at(-1)!.token, applicationId: '300000000000000001', channelId: channel, user: { id: user }, locale: 'en' }, false);
  const ok = () => fake.calls.filter((c) => c.status < 300);
  return {
    port,
    channel,
    users,
    channelTexts: () => [...fake.messages.values()].filter((m) => m.channelId === channel && !m.ephemeral).map((m) => said(m.content)),
    // An ephemeral follow-up in the user's interaction, or a message in their direct-message channel.
    privateTexts: (userId: string) => ok()
      .filter((c) => (c.route === 'POST /webhooks/:app/:token' && fake.interactions.get(c.token ?? '')?.userId === userId)
        || (c.route === 'POST /channels/:id/messages' && c.path.includes(`/channels/${dmChannelOf(userId)}/`)))
      .map((c) => (typeof c.body['content'] === 'string' ? c.body['content'] : textOf(c))),
    rateLimitNextPost: (seconds: number) => fake.rateLimitOnce('POST /channels/:id/messages', seconds),
    forget: (handle) => void fake.messages.delete(handle.messageId),
    dispose: () => fake.stop(),
  };
});
