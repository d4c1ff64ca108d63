/**
 * The test playing Discord towards the bot: slash commands, autocomplete,
 * button presses and modal submissions as Discord builds them, delivered
 * as signed HTTP POSTs (Ed25519, a key pair made here) or as Gateway
 * INTERACTION_CREATE dispatches. Either way the first answer is returned
 * the same way: the HTTP response, or the callback the bot POSTed.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { eventually } from './test-core.ts';
import { discordIds, type FakeDiscord, type RecordedCall, type StoredMessage } from './fake-discord.ts';

export interface DiscordUserFixture {
  readonly id: string;
  readonly name: string;
  /** The user's Discord language (`en-US` when not given). */
  readonly locale?: string;
}

export interface Answered {
  readonly status: number;
  /** The first answer: `{ type, data }`. */
  readonly initial: Record<string, unknown>;
  /** From sending to the first answer (Discord gives 3 s). */
  readonly ms: number;
  readonly token: string;
}

export interface SignOptions {
  readonly timestamp?: number;
  /** A signature to send instead of the right one; null sends none. */
  readonly signature?: string | null;
}

/** An Ed25519 key pair as Discord's: the hex public key for DISCORD_PUBLIC_KEY, the private key to sign with. */
export function discordKeys(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKeyHex: der.subarray(12).toString('hex'), privateKey };
}

export function signBody(privateKey: KeyObject, timestamp: number, body: string): string {
  return sign(null, Buffer.from(`${timestamp}${body}`), privateKey).toString('hex');
}

type Option = { name: string; type: number; value: string; focused?: boolean };

export class DiscordPeer {
  constructor(
    private readonly fake: FakeDiscord,
    readonly mode: 'http' | 'gateway',
    readonly channel: string,
    private readonly bot?: { readonly url: string; readonly privateKey: KeyObject },
  ) {}

  /** The bot's HTTP address (HTTP mode). */
  get url(): string | undefined {
    return this.bot?.url;
  }

  /** POSTs `body` to /discord/interactions, signed unless told otherwise (HTTP mode only). */
  async post(body: string, options: SignOptions = {}): Promise<{ status: number; text: string; ms: number }> {
    if (!this.bot) throw new Error('post() needs the HTTP mode');
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = options.signature === undefined ? signBody(this.bot.privateKey, timestamp, body) : options.signature;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Signature-Timestamp': String(timestamp) };
    if (signature !== null) headers['X-Signature-Ed25519'] = signature;
    const started = Date.now();
    const response = await fetch(`${this.bot.url}/discord/interactions`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text(), ms: Date.now() - started };
  }

  /** A whole interaction payload, as Discord sends it in a guild. */
  payload(user: DiscordUserFixture, type: number, data: object, extra: { channel?: string; message?: StoredMessage } = {}) {
    const channel = extra.channel ?? this.channel;
    const interaction = this.fake.issue(channel, user.id, extra.message?.id);
    return {
      interaction,
      body: {
        id: interaction.id, application_id: discordIds.application, type, data, guild_id: discordIds.guild,
        channel_id: channel, channel: { id: channel, type: 0 }, token: interaction.token, version: 1,
        locale: user.locale ?? 'en-US', guild_locale: 'en-US', app_permissions: '0', entitlements: [], authorizing_integration_owners: {},
        member: { user: { id: user.id, username: user.name, global_name: user.name, discriminator: '0', avatar: null }, roles: [], permissions: '0', joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
        ...(extra.message ? { message: { id: extra.message.id, channel_id: extra.message.channelId, content: extra.message.content, embeds: extra.message.embeds, components: extra.message.components, flags: extra.message.ephemeral ? 64 : 0, type: 0, author: { id: discordIds.bot, username: 'migrate-bot', discriminator: '0', avatar: null, bot: true } } } : {}),
      },
    };
  }

  /** Delivers an interaction and returns its first answer. */
  async deliver(token: string, body: object): Promise<Answered> {
    const started = Date.now();
    if (this.mode === 'http') {
      const sent = await this.post(JSON.stringify(body));
      const initial = sent.status === 200 ? JSON.parse(sent.text) as Record<string, unknown> : {};
      if (sent.status === 200) this.fake.initialAnswer(token, initial);
      return { status: sent.status, initial, ms: sent.ms, token };
    }
    this.fake.gateway.dispatch('INTERACTION_CREATE', body);
    const call = await eventually(() => Promise.resolve(this.fake.calls.find((c) => c.route === 'callback' && c.token === token)), 10_000, `the callback of interaction ${token}`);
    return { status: 200, initial: call.body, ms: call.at - started, token };
  }

  command(user: DiscordUserFixture, subcommand: string, options: Record<string, string> = {}, channel?: string): Promise<Answered> {
    const opts: Option[] = Object.entries(options).map(([name, value]) => ({ name, type: 3, value }));
    const { interaction, body } = this.payload(user, 2, { id: nextCommandId, name: 'migrate', type: 1, options: [{ name: subcommand, type: 1, options: opts }] }, channel ? { channel } : {});
    return this.deliver(interaction.token, body);
  }

  /** Autocomplete while `user` types `value` into option `focused`. */
  autocomplete(user: DiscordUserFixture, subcommand: string, focused: string, value: string, others: Record<string, string> = {}): Promise<Answered> {
    const opts: Option[] = [...Object.entries(others).map(([name, v]) => ({ name, type: 3, value: v })), { name: focused, type: 3, value, focused: true }];
    const { interaction, body } = this.payload(user, 4, { id: nextCommandId, name: 'migrate', type: 1, options: [{ name: subcommand, type: 1, options: opts }] });
    return this.deliver(interaction.token, body);
  }

  /** Presses the button labelled `label` on a stored message. */
  press(user: DiscordUserFixture, message: StoredMessage, label: string): Promise<Answered> {
    const button = buttonsOf(message).find((b) => b.label === label);
    if (!button?.custom_id) throw new Error(`no button "${label}" in ${JSON.stringify(message)}`);
    const { interaction, body } = this.payload(user, 3, { custom_id: button.custom_id, component_type: 2 }, { channel: message.channelId, message });
    return this.deliver(interaction.token, body);
  }

  /** Submits the modal a press answered with (type 9), `typed` in its text input; the modal belongs to `message`. */
  submit(user: DiscordUserFixture, modal: Answered, message: StoredMessage, typed: string): Promise<Answered> {
    const data = modal.initial['data'] as { custom_id: string; components: { components: { custom_id: string }[] }[] };
    const components = data.components.map((row) => ({ type: 1, components: row.components.map((input) => ({ type: 4, custom_id: input.custom_id, value: typed })) }));
    const { interaction, body } = this.payload(user, 5, { custom_id: data.custom_id, components }, { channel: message.channelId, message });
    return this.deliver(interaction.token, body);
  }
}

const nextCommandId = '600000000000000001';

export function buttonsOf(message: StoredMessage | { components: StoredMessage['components'] }): { custom_id?: string; label?: string; style?: number }[] {
  return message.components.flatMap((row) => row.components);
}

/** Everything a recorded call or stored message says: content, embeds, components. */
export function textOf(call: RecordedCall | StoredMessage): string {
  const body = 'route' in call ? call.body : { content: call.content, embeds: call.embeds, components: call.components };
  return JSON.stringify(body);
}
