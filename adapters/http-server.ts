/**
 * The one HTTP server of the process, on PORT: Slack's /slack/events (Bolt's
 * HTTPReceiver, plugged in by its request listener) and Discord's
 * /discord/interactions when both run, and /health for probes. Each
 * adapter mounts its own path; anything else is 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/ports.ts';
import { HttpServerStartError } from '../src/errors.ts';

/** An endpoint; a rejected promise is logged and answered 500. */
export type Listener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where adapters put their endpoints. A path ending with `/` takes every path under it. */
export interface HttpRoutes {
  mount(path: string, listener: Listener): void;
}

export interface RunningHttpServer extends HttpRoutes {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startHttpServer(port: number, logger: Logger): Promise<RunningHttpServer> {
  const routes = new Map<string, Listener>();
  const find = (path: string) => routes.get(path) ?? [...routes].find(([prefix]) => prefix.endsWith('/') && path.startsWith(prefix))?.[1];
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
    try {
      void Promise.resolve(listener(req, res)).catch((error: unknown) => fail(res, error));
    } catch (error) {
      fail(res, error);
    }
  });
  const fail = (res: ServerResponse, error: unknown) => {
    logger.error({ err: error }, 'http: a request failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve());
    });
  } catch (error) {
    throw new HttpServerStartError(`cannot listen on port ${port}: ${(error as Error).message}`);
  }
  return {
    port: (server.address() as AddressInfo).port,
    mount: (path, listener) => void routes.set(path, listener),
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
