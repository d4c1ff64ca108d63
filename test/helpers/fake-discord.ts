/**
 * Discord's REST API (v10) and Gateway on localhost, faked at the transport:
 * it answers as Discord does (PROTOCOLS.md) and records every call. It
 * knows the interactions the test hands out, so it can refuse what Discord
 * refuses: an interaction token past its lifetime (401, code 50027), a
 * channel-message edit of an ephemeral or unknown message (404, 10008).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './fake-discord-gateway.ts';

export const discordIds = { bot: '500000000000000001', application: '300000000000000001', guild: '400000000000000001' } as const;

export interface RecordedCall {
  /** `POST /channels/:id/messages`, `PATCH /webhooks/:app/:token/messages/@original`, `callback` (an interaction's first answer)... */
  readonly route: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string | undefined;
  readonly status: number;
  readonly response?: Record<string, unknown>;
  readonly at: number;
  /** The interaction a webhook or callback call belongs to. */
  readonly token?: string;
}

export interface StoredMessage {
  readonly id: string;
  readonly channelId: string;
  readonly ephemeral: boolean;
  content: string;
  embeds: Record<string, unknown>[];
  components: { components: { custom_id?: string; label?: string; style?: number }[] }[];
}

export interface IssuedInteraction {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly userId: string;
  readonly issuedAt: number;
  /** The message its @original names: the deferred reply, or the message a component was on. */
  originalId?: string;
}

let snowflake = 700000000000000000n;
export const nextId = () => String(++snowflake);

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, IssuedInteraction>();
  /** Discord's 15 minutes; tests shorten it to see the bot stop using tokens. */
  tokenLifetimeMs = 15 * 60_000;
  readonly gateway = new FakeGateway(discordIds, () => this.gatewayUrl);
  private server: Server | undefined;
  private rateLimits: { route: string; retryAfter: number }[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.upgrade(req, socket, head));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Discord not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** DISCORD_API_URL: @discordjs/rest appends /v10. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get gatewayUrl(): string {
    return `${this.url.replace('http:', 'ws:')}/gateway`;
  }

  /** The next call of `route` gets 429 with `retry_after` seconds instead of its answer. */
  rateLimitOnce(route: string, retryAfter: number): void {
    this.rateLimits.push({ route, retryAfter });
  }

  callsOf(route: string, ok = true): RecordedCall[] {
    return this.calls.filter((c) => c.route === route && (!ok || c.status < 300));
  }

  /** An interaction the test is about to send: its token is live from now on. */
  issue(channelId: string, userId: string, originalId?: string): IssuedInteraction {
    const interaction = { id: nextId(), token: `tok-${nextId()}`, channelId, userId, issuedAt: Date.now(), ...(originalId ? { originalId } : {}) };
    this.interactions.set(interaction.token, interaction);
    return interaction;
  }

  /** Takes an interaction's first answer (the HTTP response in HTTP mode, the callback POST over the Gateway). */
  initialAnswer(token: string, body: Record<string, unknown>, path = 'http response'): RecordedCall {
    const interaction = this.interactions.get(token);
    const type = Number(body['type']);
    const data = (body['data'] ?? {}) as Record<string, unknown>;
    if (interaction && (type === 4 || type === 5)) {
      const message = this.store(interaction.channelId, (Number(data['flags'] ?? 0) & 64) !== 0, data);
      interaction.originalId = message.id;
    }
    const call: RecordedCall = { route: 'callback', path, body, authorization: undefined, status: interaction ? 204 : 404, at: Date.now(), token };
    this.calls.push(call);
    return call;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private store(channelId: string, ephemeral: boolean, body: Record<string, unknown>): StoredMessage {
    const message: StoredMessage = { id: nextId(), channelId, ephemeral, content: '', embeds: [], components: [] };
    this.edit(message, body);
    this.messages.set(message.id, message);
    return message;
  }

  private edit(message: StoredMessage, body: Record<string, unknown>): void {
    if (typeof body['content'] === 'string') message.content = body['content'];
    if (Array.isArray(body['embeds'])) message.embeds = body['embeds'] as StoredMessage['embeds'];
    if (Array.isArray(body['components'])) message.components = body['components'] as StoredMessage['components'];
  }

  private view(message: StoredMessage): Record<string, unknown> {
    return { id: message.id, channel_id: message.channelId, content: message.content, embeds: message.embeds, components: message.components, flags: message.ephemeral ? 64 : 0, author: { id: discordIds.bot, bot: true } };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw === '' ? {} : JSON.parse(raw) as Record<string, unknown>;
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const route = `${req.method ?? 'GET'} ${path.replace(/^\/api\/v10/, '').replace(/\/\d{5,}/g, '/:id').replace(/\/webhooks\/:id\/[^/]+/, '/webhooks/:app/:token').replace(/\/interactions\/:id\/[^/]+/, '/interactions/:id/:token')}`;
    const token = /\/(?:webhooks\/\d+|interactions\/\d+)\/([^/]+)/.exec(path)?.[1];
    const record = (status: number, response?: Record<string, unknown>, keep = true) => {
      if (keep) this.calls.push({ route, path, body, authorization: req.headers.authorization, status, at: Date.now(), ...(response ? { response } : {}), ...(token ? { token } : {}) });
      res.writeHead(status, response ? { 'Content-Type': 'application/json' } : {});
      res.end(response ? JSON.stringify(response) : undefined);
    };
    const limit = this.rateLimits.findIndex((r) => r.route === route);
    if (limit >= 0) {
      const { retryAfter } = this.rateLimits.splice(limit, 1)[0]!;
      res.setHeader('Retry-After', String(retryAfter));
      res.setHeader('X-RateLimit-Limit', '5');
      res.setHeader('X-RateLimit-Remaining', '0');
      res.setHeader('X-RateLimit-Reset-After', String(retryAfter));
      res.setHeader('X-RateLimit-Bucket', 'fake-bucket');
      res.setHeader('X-RateLimit-Scope', 'user');
      return record(429, { message: 'You are being rate limited.', retry_after: retryAfter, global: false });
    }
    this.answer(route, path, body, token, record);
  }

  private answer(route: string, path: string, body: Record<string, unknown>, token: string | undefined, record: (status: number, response?: Record<string, unknown>, keep?: boolean) => void): void {
    const ids = [...path.matchAll(/\/(\d{5,})/g)].map((m) => m[1] ?? '');
    const interaction = token ? this.interactions.get(token) : undefined;
    const tokenProblem = token === undefined ? undefined
      : !interaction ? { status: 404, response: { message: 'Unknown Webhook', code: 10015 } }
      : Date.now() - interaction.issuedAt > this.tokenLifetimeMs ? { status: 401, response: { message: 'Invalid Webhook Token', code: 50027 } }
      : undefined;
    if (tokenProblem) return record(tokenProblem.status, tokenProblem.response);
    if (/\/channels\/\d+\/messages\/(?!\d+$)[^/]+$/.test(path)) return record(400, { message: 'Invalid Form Body', code: 50035 });
    const original = interaction?.originalId ? this.messages.get(interaction.originalId) : undefined;
    switch (route) {
      case 'GET /gateway/bot':
        return record(200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
      case 'GET /users/@me':
        return record(200, { id: discordIds.bot, username: 'migrate-bot', discriminator: '0', global_name: null, avatar: null, bot: true });
      case 'POST /interactions/:id/:token/callback':
        // Recorded as `callback`, as the HTTP mode's responses are.
        return record(this.initialAnswer(token ?? '', body, path).status, undefined, false);
      case 'POST /webhooks/:app/:token':
        return record(200, this.view(this.store(interaction!.channelId, (Number(body['flags'] ?? 0) & 64) !== 0, body)));
      case 'PATCH /webhooks/:app/:token/messages/@original':
        if (!original) return record(404, { message: 'Unknown Message', code: 10008 });
        this.edit(original, body);
        return record(200, this.view(original));
      case 'DELETE /webhooks/:app/:token/messages/@original':
        if (original) this.messages.delete(original.id);
        return record(original ? 204 : 404);
      case 'POST /channels/:id/messages':
        return record(200, this.view(this.store(ids[0] ?? '', false, body)));
      case 'PATCH /channels/:id/messages/:id': {
        const message = this.messages.get(ids[1] ?? '');
        // An ephemeral message exists only inside its interaction: the channel API does not know it.
        if (!message || message.ephemeral || message.channelId !== ids[0]) return record(404, { message: 'Unknown Message', code: 10008 });
        this.edit(message, body);
        return record(200, this.view(message));
      }
      case 'POST /users/@me/channels':
        {
        const recipient = typeof body['recipient_id'] === 'string' ? body['recipient_id'] : '';
        return record(200, { id: dmChannelOf(recipient), type: 1, recipients: [{ id: recipient }] });
      }
      case 'PUT /applications/:id/commands':
      case 'PUT /applications/:id/guilds/:id/commands':
        return record(200, (Array.isArray(body) ? body : []).map((c: Record<string, unknown>) => ({ ...c, id: nextId(), application_id: ids[0] })) as unknown as Record<string, unknown>);
      default:
        return record(404, { message: '404: Not Found', code: 0 });
    }
  }
}

/** The direct-message channel the fake gives a user: its id followed by 9s, so tests can tell it from a guild channel. */
export function dmChannelOf(userId: string): string {
  return `9${userId.slice(1)}`;
}
