/**
 * Malformed Discord interactions, made from the shapes Discord really
 * sends (PING, a slash command, autocomplete, a button press on a message,
 * a modal submission) by nulling, removing, retyping and truncating fields.
 * Whatever survives the mutations is harmless: help, an unknown button.
 */
import { mutate, pick, truncated, type Json } from './malformed.ts';
import type { DiscordPeer, DiscordUserFixture } from './fake-discord-peer.ts';

const fuzzUser: DiscordUserFixture = { id: '100000000000000099', name: 'fuzz' };

/**
 * An interaction with the fields the adapter reads, as Discord sends them.
 * The adapter drops the others unread (guild_locale, app_permissions...):
 * mutating them would only make valid requests, each costing the bot a
 * REST call behind @discordjs/rest's 50 a second, and test nothing.
 */
function readFields(body: Record<string, Json>): Json {
  const { id, application_id, type, data, channel_id, channel, token, locale, member } = body;
  // A modal's submission carries its message too, but only a press reads it.
  const message = type === 3 ? readMessage(body['message'] ?? null) : undefined;
  const user = member !== null && typeof member === 'object' && !Array.isArray(member) ? member['user'] ?? null : null;
  const { id: userId = null, username = null, global_name = null } = user !== null && typeof user === 'object' && !Array.isArray(user) ? user : {};
  const read: Record<string, Json | undefined> = { id, application_id, type, data, channel_id, channel, token, locale, member: { user: { id: userId, username, global_name } }, message };
  return Object.fromEntries(Object.entries(read).filter((entry): entry is [string, Json] => entry[1] !== undefined));
}

function readMessage(message: Json): Json {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return message;
  const { id = null, content = null, embeds = null, components = null } = message;
  return { id, content, embeds, components };
}

/** The valid shapes, each a whole interaction body. */
export function discordShapes(peer: DiscordPeer): Json[] {
  const message = {
    id: '900000000000000001', channelId: peer.channel, ephemeral: false, content: 'fuzz',
    embeds: [{ title: 'Fuzz' }], components: [{ components: [{ custom_id: 'fuzz-unknown-action', label: 'Go', style: 1 }] }],
  };
  const subcommand = (options: Json[]) => ({ id: '600000000000000001', name: 'migrate', type: 1, options: [{ name: 'help', type: 1, options }] });
  const bodyOf = (type: number, data: object, extra: { message?: typeof message } = {}) => readFields(JSON.parse(JSON.stringify(peer.payload(fuzzUser, type, data, extra).body)) as Record<string, Json>);
  return [
    { id: '800000000000000009', application_id: '300000000000000001', type: 1, token: 'ping-token', version: 1 },
    bodyOf(2, subcommand([])),
    bodyOf(4, subcommand([{ name: 'migration', type: 3, value: 'maria', focused: true }])),
    bodyOf(3, { custom_id: 'fuzz-unknown-action', component_type: 2 }, { message }),
    bodyOf(5, { custom_id: 'fuzz-unknown-action', components: [{ type: 1, components: [{ type: 4, custom_id: 'typed', value: 'fuzz' }] }] }, { message }),
  ];
}

/** Bodies Discord never sends that an endpoint must refuse without falling over. */
export function knownDiscordKillers(shapes: Json[]): string[] {
  const command = shapes[1] as Record<string, Json>;
  const press = shapes[3] as Record<string, Json>;
  return [
    'null', '', '[]', '{}', '"x"', '1', 'true', '{"type":null}', '{"type":"2"}', '{"type":2}', '{"type":1.5}',
    JSON.stringify({ ...command, data: null }),
    JSON.stringify({ ...command, member: null }),
    JSON.stringify({ ...command, member: { user: null } }),
    JSON.stringify({ ...command, member: null, user: null }),
    JSON.stringify({ ...command, channel_id: null, channel: null }),
    JSON.stringify({ ...command, data: { name: 'migrate', options: null } }),
    JSON.stringify({ ...command, data: { name: 'migrate', options: [null] } }),
    JSON.stringify({ ...press, data: null }),
    JSON.stringify({ ...press, message: null }),
    JSON.stringify({ ...press, message: { id: '1', components: [null] } }),
  ];
}

/** `count` malformed bodies: two to four mutations of a valid shape, and now and then a body cut short. */
export function malformedDiscordBodies(shapes: Json[], count: number, random: () => number): string[] {
  const bodies = knownDiscordKillers(shapes);
  while (bodies.length < count) {
    const made = JSON.stringify(mutate(pick(random, shapes), random));
    bodies.push(random() < 0.15 ? truncated(made, random) : made);
  }
  return bodies;
}
