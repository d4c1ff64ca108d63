import { DiscordAPIError, MessageFlags, Routes, type REST } from 'discord.js';
import type { ChatPort, DirectRecipient, Logger } from '../../src/ports.ts';
import type { Destination, Locale, Message, MessageHandle } from '../../src/messages/model.ts';
import { renderDiscordMessage, type DiscordMessage } from './embeds.ts';
import type { InteractionBase } from './interaction.ts';
import { LiveInteractions, type LiveInteraction } from './live-interactions.ts';

export interface DiscordChatPortOptions {
  readonly defaultLocale: Locale;
  readonly logger: Logger;
  /** How long an interaction token is used after the interaction arrived (Discord: 15 minutes). */
  readonly interactionTokenMs: number;
}

/** Discord's codes for a message or channel the bot can no longer reach (deleted, or the bot was removed). */
const goneCodes = new Set([10003, 10008, 50001]);

/**
 * Discord as the core's chat platform.
 * Contract (ports.ts): channel messages are posted with the bot token, so
 * they can be edited with PATCH /channels/{id}/messages/{id} for days;
 * calls to one channel go out one at a time, in order (@discordjs/rest waits
 * out a 429's retry_after and resends the same call), so nothing is dropped
 * or reordered. What is for one user (ephemeral posts, `respond`, `direct`)
 * goes inside their live interaction (flag 64, through its token) or, when
 * none lives, as a direct message; never in the channel. It has no handle.
 */
export class DiscordChatPort implements ChatPort {
  readonly platform = 'discord' as const;
  readonly interactions: LiveInteractions;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly locales = new Map<string, Locale>();

  constructor(private readonly rest: REST, private readonly options: DiscordChatPortOptions) {
    this.interactions = new LiveInteractions(options.interactionTokenMs);
  }

  /** Remembers an answered interaction, so messages for its user go through its token while it lives. */
  open(interaction: InteractionBase, originalFree: boolean): LiveInteraction {
    this.locales.set(interaction.user.id, interaction.locale);
    return this.interactions.open(interaction, originalFree);
  }

  /** Ends the request: a deferred answer nothing filled is deleted, so no "thinking..." stays behind. */
  async close(live: LiveInteraction): Promise<void> {
    if (!live.originalFree || !this.interactions.alive(live)) return;
    live.originalFree = false;
    const { applicationId, token, channelId } = live.interaction;
    await this.inOrder(channelId, () => this.rest.delete(Routes.webhookMessage(applicationId, token, '@original'), { auth: false }))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'discord: deleting the deferred answer failed'));
  }

  async post(destination: Destination, message: Message): Promise<MessageHandle | null> {
    if (destination.ephemeralTo !== undefined) {
      const user = destination.ephemeralTo;
      await this.toUser(this.interactions.forUser(destination.channelId, user), user, message);
      return null;
    }
    const body = renderDiscordMessage(message, this.options.defaultLocale);
    const posted = await this.inOrder(destination.channelId, () => this.rest.post(Routes.channelMessages(destination.channelId), { body }) as Promise<{ id: string; channel_id: string }>);
    return { platform: 'discord', channelId: posted.channel_id, messageId: posted.id };
  }

  async update(handle: MessageHandle, message: Message): Promise<void> {
    // Not a snowflake: never a Discord message (another platform's id, a test's made-up handle).
    if (!/^\d+$/.test(handle.messageId) || !/^\d+$/.test(handle.channelId)) return;
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

  /** Through the interaction that started the operation or the user's latest one in that channel while it lives, else a direct message. */
  async direct(to: DirectRecipient, message: Message): Promise<void> {
    await this.toUser(this.interactions.forRecipient(to), to.userId, message);
  }

  /** An answer to the request `live` stands for, for its user alone. */
  respond(live: LiveInteraction, message: Message): Promise<void> {
    return this.toUser(live, live.interaction.user.id, message);
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

  /** Inside `live` (the deferred answer first, then ephemeral follow-ups) while its token lives; else a direct message. */
  private async toUser(live: LiveInteraction | undefined, userId: string, message: Message): Promise<void> {
    const body = renderDiscordMessage(message, this.locales.get(userId) ?? this.options.defaultLocale);
    if (live && this.interactions.alive(live)) {
      const { applicationId, token, channelId } = live.interaction;
      const original = live.originalFree;
      live.originalFree = false;
      try {
        // Liveness is checked again when the call leaves the channel's queue: behind a rate-limited
        // message the token may die while it waits, and a dead token is never used.
        const sent = await this.inOrder(channelId, async () => {
          if (!this.interactions.alive(live)) return false;
          await (original
            ? this.rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { body, auth: false })
            : this.rest.post(Routes.webhook(applicationId, token), { body: { ...body, flags: MessageFlags.Ephemeral }, auth: false }));
          return true;
        });
        if (sent) return;
      } catch (error) {
        // A token Discord already refuses (50027): the message still reaches the user, by direct message.
        if (!(error instanceof DiscordAPIError) || error.status !== 401) throw error;
        this.interactions.expire(live);
      }
    }
    await this.directMessage(userId, body);
  }

  private async directMessage(userId: string, body: DiscordMessage): Promise<void> {
    const dm = await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as { id: string };
    await this.inOrder(dm.id, () => this.rest.post(Routes.channelMessages(dm.id), { body }));
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
