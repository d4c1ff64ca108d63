/** Reading what the bot sent to the fake Discord: waiting for calls, following a message, the state database. */
import { eventually } from './test-core.ts';
import type { FakeDiscord, RecordedCall, StoredMessage } from './fake-discord.ts';
import { textOf } from './fake-discord-peer.ts';

export { stateRows } from './fake-slack-expect.ts';

/** A message posted in `channel` with the bot token whose text contains `text`. */
export const inChannel = (channel: string, text: string) => (c: RecordedCall) =>
  c.route === 'POST /channels/:id/messages' && c.path.includes(`/channels/${channel}/`) && textOf(c).includes(text);

/** A message inside interaction `token`: its deferred answer filled, or an ephemeral follow-up. */
export const inInteraction = (token: string, text: string) => (c: RecordedCall) =>
  c.token === token && (c.route === 'PATCH /webhooks/:app/:token/messages/@original' || (c.route === 'POST /webhooks/:app/:token' && (Number(c.body['flags'] ?? 0) & 64) !== 0)) && textOf(c).includes(text);

/** The embed title of a call's body or a stored message. */
export function titleOf(message: StoredMessage | RecordedCall): string {
  const embeds = 'route' in message ? (message.body['embeds'] as { title?: string }[] | undefined) ?? [] : message.embeds as { title?: string }[];
  return embeds[0]?.title ?? '';
}

export function watch(fake: FakeDiscord, output: () => string) {
  const waitForCall = (what: string, match: (call: RecordedCall) => boolean, from = 0, ms = 30_000): Promise<RecordedCall> =>
    eventually(() => Promise.resolve(fake.calls.slice(from).find((c) => c.status < 300 && match(c))), ms, `${what}\n--- bot output ---\n${output()}`);
  /** The stored message a call created or edited. */
  const messageOf = async (what: string, match: (call: RecordedCall) => boolean, from = 0, ms = 30_000): Promise<StoredMessage> => {
    const call = await waitForCall(what, match, from, ms);
    const id = call.response?.['id'];
    const message = typeof id === 'string' ? fake.messages.get(id) : undefined;
    if (!message) throw new Error(`no stored message for ${JSON.stringify(call)}`);
    return message;
  };
  /** Follows a channel message until its embed title shows a final status. */
  const finalState = (id: string, ms = 180_000): Promise<string> => eventually(() => {
    const title = titleOf(fake.messages.get(id) ?? { id, channelId: '', ephemeral: false, content: '', embeds: [], components: [] });
    return Promise.resolve(/: (succeeded|failed|cancelled)$/.test(title) ? title : undefined);
  }, ms, `message ${id} to reach a final state\n--- bot output ---\n${output()}`);
  return { waitForCall, messageOf, finalState };
}
