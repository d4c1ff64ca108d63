/**
 * The one HTTP server of the process, on PORT: Slack's /slack/events and
 * Discord's /discord/interactions when both run, and /health for probes.
 * Each adapter mounts its own path; anything else is 404. No request can
 * take the process down from here: a listener that throws or rejects is
 * logged with a correlation id and answered 500, and one that never answers
 * is answered 500 once neither platform would still be waiting.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/ports.ts';
import { HttpServerStartError, newCorrelationId } from '../src/errors.ts';

/** An endpoint; a throw or a rejected promise is logged and answered 500. */
export type Listener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where adapters put their endpoints. A path ending with `/` takes every path under it. */
export interface HttpRoutes {
  mount(path: string, listener: Listener): void;
}

export interface RunningHttpServer extends HttpRoutes {
  readonly port: number;
  stop(): Promise<void>;
}

export interface HttpServerOptions {
  /**
   * How long a listener has to answer before the server answers 500 for it.
   * Slack and Discord both give up after 3 seconds; an answer still missing
   * well after that is a listener that lost it. 10 s by default.
   */
  readonly responseDeadlineMs?: number;
}

/** The whole body, or undefined once it passes `maxBytes` (the caller answers 413). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * What a log may say about a body refused with 400: a validation error
 * names fields, never values; JSON.parse's message quotes the body, which
 * may hold what a user typed, so only its kind is kept.
 */
export function refusalProblem(error: Error): string {
  return error instanceof SyntaxError ? 'the JSON does not parse' : error.message.slice(0, 500);
}

/** An answer with a short body: a status alone, or JSON. */
export function sendStatus(res: ServerResponse, status: number, body?: unknown): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, { 'Content-Type': body === undefined ? 'text/plain' : 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body), () => resolve());
  });
}

export async function startHttpServer(port: number, logger: Logger, options: HttpServerOptions = {}): Promise<RunningHttpServer> {
  const responseDeadlineMs = options.responseDeadlineMs ?? 10_000;
  const routes = new Map<string, Listener>();
  const find = (path: string) => routes.get(path) ?? [...routes].find(([prefix]) => prefix.endsWith('/') && path.startsWith(prefix))?.[1];
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    logger.error({ err: error, correlationId: newCorrelationId(), method: req.method, path: req.url?.split('?')[0] }, 'http: a request failed; answered 500');
    if (res.writableEnded) return;
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end();
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    const listener = find(path);
    if (!listener) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    const deadline = setTimeout(() => fail(req, res, new Error(`no answer within ${responseDeadlineMs} ms`)), responseDeadlineMs);
    res.once('close', () => clearTimeout(deadline));
    try {
      void Promise.resolve(listener(req, res)).catch((error: unknown) => fail(req, res, error));
    } catch (error) {
      fail(req, res, error);
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve());
    });
  } catch (error) {
    throw new HttpServerStartError(`cannot listen on port ${port}: ${(error as Error).message}`);
  }
  // Past start-up, a server error (a socket failing under load) is logged, never thrown at the process.
  server.on('error', (error) => logger.error({ err: error }, 'http: server error'));
  return {
    port: (server.address() as AddressInfo).port,
    mount: (path, listener) => void routes.set(path, listener),
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
