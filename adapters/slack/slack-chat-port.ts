import { webApi } from '@slack/bolt';
import type { ChatPort, DirectRecipient, Logger } from '../../src/ports.ts';
import type { Destination, Locale, Message, MessageHandle } from '../../src/messages/model.ts';
import { renderMessage } from './block-kit.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

export interface SlackChatPortOptions {
  /** The language of messages whose builder did not say (the config's `locale`). */
  readonly defaultLocale: Locale;
  readonly logger: Logger;
  /** How long a user's language is remembered (users.info is rate limited too). */
  readonly localeTtlMs?: number;
  /** Give up on a message after this many 429 answers in a row. */
  readonly maxRateLimitRetries?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Slack as the core's chat platform, through the Web API and the bot token
 * (never through response_url, which dies after 30 minutes, so a rollback
 * deadline can update a message days later).
 * Contract (ports.ts): calls to one channel go out one at a time and in
 * order; a 429 holds that channel's queue for its Retry-After and sends the
 * same call again, so nothing is dropped or reordered. Ephemeral posts
 * return null: chat.update cannot reach them. `direct` is a direct message
 * (conversations.open, then chat.postMessage in that conversation).
 */
export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly locales = new Map<string, { locale: Locale | undefined; until: number }>();
  /** The direct-message conversation of each user: conversations.open gives the same one every time. */
  private readonly directChannels = new Map<string, string>();

  constructor(private readonly client: WebClient, private readonly options: SlackChatPortOptions) {}

  async post(destination: Destination, message: Message): Promise<MessageHandle | null> {
    const rendered = renderMessage(message, this.options.defaultLocale);
    const channel = destination.channelId;
    if (destination.ephemeralTo !== undefined) {
      const user = destination.ephemeralTo;
      await this.inOrder(channel, () => this.client.chat.postEphemeral({ channel, user, text: rendered.text, blocks: rendered.blocks }));
      return null;
    }
    const result = await this.inOrder(channel, () => this.client.chat.postMessage({ channel, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, unfurl_media: false }));
    if (!result.ts) return null;
    return { platform: 'slack', channelId: result.channel ?? channel, messageId: result.ts };
  }

  async update(handle: MessageHandle, message: Message): Promise<void> {
    const rendered = renderMessage(message, this.options.defaultLocale);
    try {
      await this.inOrder(handle.channelId, () => this.client.chat.update({ channel: handle.channelId, ts: handle.messageId, text: rendered.text, blocks: rendered.blocks }));
    } catch (error) {
      // The contract: a message Slack no longer knows (deleted, channel archived) is not an error.
      const code = slackErrorCode(error);
      if (code === 'message_not_found' || code === 'channel_not_found' || code === 'is_archived') {
        this.options.logger.info({ channel: handle.channelId, ts: handle.messageId, code }, 'slack message gone; not updated');
        return;
      }
      throw error;
    }
  }

  /**
   * A direct message rather than an ephemeral in the request's channel:
   * Slack keeps ephemerals only for the session that saw them (a reload
   * loses them) and shows them only to members of the channel, while what
   * `direct` carries arrives after the request, often minutes later (the
   * credentials of a finished test). A DM stays, notifies, and only that
   * user and the bot read it. When the DM cannot be opened (an install
   * without the im:write scope), an ephemeral in the request's channel.
   */
  async direct(to: DirectRecipient, message: Message): Promise<void> {
    const rendered = renderMessage(message, this.options.defaultLocale);
    let channel: string | undefined;
    try {
      channel = await this.directChannel(to.userId);
    } catch (error) {
      if (to.channelId === undefined) throw error;
      this.options.logger.warn({ err: error, userId: to.userId }, 'slack: cannot open a direct message; ephemeral in the request channel instead');
      const inChannel = to.channelId;
      await this.inOrder(inChannel, () => this.client.chat.postEphemeral({ channel: inChannel, user: to.userId, text: rendered.text, blocks: rendered.blocks }));
      return;
    }
    await this.inOrder(channel, () => this.client.chat.postMessage({ channel, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, unfurl_media: false }));
  }

  private async directChannel(userId: string): Promise<string> {
    const known = this.directChannels.get(userId);
    if (known) return known;
    const opened = await this.withRateLimitRetry(() => this.client.conversations.open({ users: userId }));
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    this.directChannels.set(userId, id);
    return id;
  }

  /** The user's language from users.info (include_locale): French for fr-*, else English; undefined when unknown. */
  async localeOf(userId: string): Promise<Locale | undefined> {
    const cached = this.locales.get(userId);
    if (cached && cached.until > Date.now()) return cached.locale;
    let locale: Locale | undefined;
    try {
      const result = await this.withRateLimitRetry(() => this.client.users.info({ user: userId, include_locale: true }));
      const raw = result.user?.locale;
      locale = raw === undefined ? undefined : raw.toLowerCase().startsWith('fr') ? 'fr' : 'en';
    } catch (error) {
      this.options.logger.warn({ err: error, userId }, 'users.info failed; using the default language');
      return undefined;
    }
    this.locales.set(userId, { locale, until: Date.now() + (this.options.localeTtlMs ?? 10 * 60_000) });
    return locale;
  }

  /**
   * Replaces the message a button was pressed on, through the press's
   * response_url: used at once, within its 30 minutes, and the only way to
   * change an ephemeral message.
   */
  async replaceVia(responseUrl: string, message: Message): Promise<void> {
    const rendered = renderMessage(message, this.options.defaultLocale);
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ replace_original: true, text: rendered.text, blocks: rendered.blocks }),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
  }

  /** Runs `call` after every earlier call to the same channel has finished (or failed). */
  private inOrder<T>(channel: string, call: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(channel) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.withRateLimitRetry(call));
    const settled = next.catch(() => undefined);
    this.queues.set(channel, settled);
    // Forget idle channels, so the map does not grow with every channel ever seen.
    void settled.then(() => {
      if (this.queues.get(channel) === settled) this.queues.delete(channel);
    });
    return next;
  }

  private async withRateLimitRetry<T>(call: () => Promise<T>): Promise<T> {
    const max = this.options.maxRateLimitRetries ?? 10;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const limited = error as { code?: unknown; retryAfter?: unknown };
        if (limited.code !== webApi.ErrorCode.RateLimitedError || attempt >= max) throw error;
        const seconds = typeof limited.retryAfter === 'number' ? limited.retryAfter : 1;
        this.options.logger.info({ retryAfter: seconds, attempt: attempt + 1 }, 'slack rate limit; waiting before sending again');
        await sleep(seconds * 1000);
      }
    }
  }
}
