/**
 * Slack's Web API on localhost, faked at the transport: it answers like
 * Slack (PROTOCOLS.md) and records every call, so tests see exactly what
 * the bot sent. It also takes the POSTs made to response_url addresses
 * (`/response/<anything>`), which tests hand out in their payloads.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** A Web API method (`chat.postMessage`), or `response_url` for posts to a response URL. */
  readonly method: string;
  /** The body, parsed from the form or JSON; `blocks`, `view` and other JSON fields decoded. */
  readonly body: Record<string, unknown>;
  readonly authorization: string | undefined;
  readonly path: string;
  /** What the fake answered: 200, or 429 when rate limiting was switched on. */
  readonly status: number;
  /** The JSON the fake answered (for chat.postMessage, its `ts`). */
  readonly response?: Record<string, unknown>;
  readonly at: number;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: unknown[];
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // WebClient sends objects (blocks, view) as JSON strings inside the form.
    out[key] = (value.startsWith('[') || value.startsWith('{')) ? (() => { try { return JSON.parse(value) as unknown; } catch { return value; } })() : value;
  }
  return out;
}

/** A string field of a call's body; anything else reads as empty. */
function field(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value : '';
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Messages posted in channels, by ts, as chat.update left them. */
  readonly messages = new Map<string, PostedMessage>();
  /** users.info answers: user id to Slack locale (en-US when not set). */
  readonly locales = new Map<string, string>();
  private server: Server | undefined;
  private nextTs = 1;
  private rateLimits: { method: string; retryAfter: number }[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Slack not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url that lands here. */
  responseUrl(label: string): string {
    return `${this.url}/response/${encodeURIComponent(label)}`;
  }

  /** The direct-message conversation conversations.open gives `userId`. */
  directChannelOf(userId: string): string {
    return `D${userId.replace(/^U/, '')}`;
  }

  /** The next call of `method` gets 429 with `Retry-After: retryAfter` instead of its answer. */
  rateLimitOnce(method: string, retryAfter: number): void {
    this.rateLimits.push({ method, retryAfter });
  }

  callsOf(method: string, ok = true): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (!ok || c.status === 200));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '').split('?')[0] ?? '';
    const limit = this.rateLimits.findIndex((r) => r.method === method);
    const record = (status: number, response?: Record<string, unknown>) => this.calls.push({ method, body, authorization: req.headers.authorization, path, status, ...(response ? { response } : {}), at: Date.now() });
    if (limit >= 0) {
      const { retryAfter } = this.rateLimits.splice(limit, 1)[0]!;
      record(429);
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(retryAfter) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (method === 'response_url') {
      record(200);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    const answer = this.answer(method, body);
    record(200, answer);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer));
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const channel = field(body, 'channel');
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'migrate-bot', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
        const message = { channel, ts, text: field(body, 'text'), blocks: (body['blocks'] as unknown[]) ?? [] };
        this.messages.set(ts, message);
        return { ok: true, channel, ts, message: { type: 'message', text: message.text, ts, bot_id: 'B0BOT' } };
      }
      case 'chat.update': {
        const ts = field(body, 'ts');
        const message = this.messages.get(ts);
        if (!message || message.channel !== channel) return { ok: false, error: 'message_not_found' };
        message.text = field(body, 'text');
        message.blocks = (body['blocks'] as unknown[]) ?? [];
        return { ok: true, channel, ts, text: message.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}` };
      case 'conversations.open':
        return { ok: true, channel: { id: this.directChannelOf(field(body, 'users')) } };
      case 'views.open':
        return { ok: true, view: { id: `V${String(this.nextTs++).padStart(8, '0')}` } };
      case 'users.info': {
        const user = field(body, 'user');
        return { ok: true, user: { id: user, name: user.toLowerCase(), locale: this.locales.get(user) ?? 'en-US' } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
