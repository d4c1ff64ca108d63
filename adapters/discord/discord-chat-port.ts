import { DiscordAPIError, MessageFlags, Routes, type REST } from 'discord.js';
import type { ChatPort, Logger } from '../../src/ports.ts';
import type { Destination, Locale, Message, MessageHandle } from '../../src/messages/model.ts';
import { renderDiscordMessage, type DiscordMessage } from './embeds.ts';
import type { InteractionBase } from './interaction.ts';

export interface DiscordChatPortOptions {
  readonly defaultLocale: Locale;
  readonly logger: Logger;
  /** How long an interaction token is used after the interaction arrived (Discord: 15 minutes). */
  readonly interactionTokenMs: number;
}

/** An interaction whose token still answers: where a message for its user goes first. */
interface LiveInteraction {
  readonly interaction: InteractionBase;
  readonly until: number;
  /** The deferred first answer ("thinking...") is still to be filled: the first ephemeral message goes there. */
  originalFree: boolean;
}

/** Discord's codes for a message or channel the bot can no longer reach: updating it is a no-op. */
const goneCodes = new Set([10003, 10008, 50001]);

/**
 * Discord as the core's chat platform.
 * Contract (ports.ts): channel messages are posted with the bot token, so
 * they can be edited with PATCH /channels/{id}/messages/{id} for days;
 * calls to one channel go out one at a time, in order (@discordjs/rest waits
 * out a 429's retry_after and resends the same call), so nothing is dropped
 * or reordered. Ephemeral posts return null: they live inside an
 * interaction (flag 64, through its token, while it lives) or, after it,
 * as a direct message; never in the channel.
 */
export class DiscordChatPort implements ChatPort {
  readonly platform = 'discord' as const;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly live = new Map<string, LiveInteraction>();
  private readonly locales = new Map<string, Locale>();

  constructor(private readonly rest: REST, private readonly options: DiscordChatPortOptions) {}

  /** Remembers an answered interaction: messages for its user in its channel go through its token from now on. */
  open(interaction: InteractionBase, originalFree: boolean): void {
    this.locales.set(interaction.user.id, interaction.locale);
    this.live.set(this.key(interaction.channelId, interaction.user.id), { interaction, until: Date.now() + this.options.interactionTokenMs, originalFree });
  }

  /** Ends the request: a deferred answer nothing filled is deleted, so no "thinking..." stays behind. */
  async close(interaction: InteractionBase): Promise<void> {
    const key = this.key(interaction.channelId, interaction.user.id);
    const entry = this.live.get(key);
    if (entry?.interaction.id !== interaction.id || !entry.originalFree || entry.until < Date.now()) return;
    entry.originalFree = false;
    await this.inOrder(interaction.channelId, () => this.rest.delete(Routes.webhookMessage(interaction.applicationId, interaction.token, '@original'), { auth: false }))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'discord: deleting the deferred answer failed'));
  }

  async post(destination: Destination, message: Message): Promise<MessageHandle | null> {
    const body = renderDiscordMessage(message, this.locales.get(destination.ephemeralTo ?? '') ?? this.options.defaultLocale);
    if (destination.ephemeralTo !== undefined) {
      await this.toUser(destination.channelId, destination.ephemeralTo, body);
      return null;
    }
    const posted = await this.inOrder(destination.channelId, () => this.rest.post(Routes.channelMessages(destination.channelId), { body }) as Promise<{ id: string; channel_id: string }>);
    return { platform: 'discord', channelId: posted.channel_id, messageId: posted.id };
  }

  async update(handle: MessageHandle, message: Message): Promise<void> {
    const body = renderDiscordMessage(message, this.options.defaultLocale);
    try {
      await this.inOrder(handle.channelId, () => this.rest.patch(Routes.channelMessage(handle.channelId, handle.messageId), { body }));
    } catch (error) {
      if (error instanceof DiscordAPIError && typeof error.code === 'number' && goneCodes.has(error.code)) {
        this.options.logger.info({ channel: handle.channelId, message: handle.messageId, code: error.code }, 'discord message gone; not updated');
        return;
      }
      throw error;
    }
  }

  /** The language of the user's latest interaction, when one came in since the start. */
  localeOf(userId: string): Promise<Locale | undefined> {
    return Promise.resolve(this.locales.get(userId));
  }

  /** Replaces the message a button was pressed on (after a DEFERRED_UPDATE_MESSAGE), through the press's token. */
  async replacePressed(interaction: InteractionBase, message: Message): Promise<void> {
    const body = renderDiscordMessage(message, interaction.locale);
    await this.inOrder(interaction.channelId, () => this.rest.patch(Routes.webhookMessage(interaction.applicationId, interaction.token, '@original'), { body, auth: false }));
  }

  /**
   * One user alone: inside their live interaction in that channel (the
   * deferred answer, else an ephemeral follow-up), else a direct message.
   */
  private async toUser(channelId: string, userId: string, body: DiscordMessage): Promise<void> {
    const entry = this.live.get(this.key(channelId, userId));
    if (entry && entry.until > Date.now()) {
      const { applicationId, token } = entry.interaction;
      const original = entry.originalFree;
      entry.originalFree = false;
      try {
        await this.inOrder(channelId, () => (original
          ? this.rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { body, auth: false })
          : this.rest.post(Routes.webhook(applicationId, token), { body: { ...body, flags: MessageFlags.Ephemeral }, auth: false })));
        return;
      } catch (error) {
        // A token Discord already refuses (50027): the message still reaches the user, by direct message.
        if (!(error instanceof DiscordAPIError) || error.status !== 401) throw error;
        this.live.delete(this.key(channelId, userId));
      }
    }
    const dm = await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as { id: string };
    await this.inOrder(dm.id, () => this.rest.post(Routes.channelMessages(dm.id), { body }));
  }

  private key(channelId: string, userId: string): string {
    return `${channelId}:${userId}`;
  }

  /** Runs `call` after every earlier call to the same channel has finished (or failed). */
  private inOrder<T>(channel: string, call: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(channel) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(call);
    const settled = next.catch(() => undefined);
    this.queues.set(channel, settled);
    void settled.then(() => {
      if (this.queues.get(channel) === settled) this.queues.delete(channel);
    });
    return next;
  }
}
