/**
 * The Bolt app: the transport seam (HTTP receiver on /slack/events behind
 * the edge, or Socket Mode) in front of the handlers, and the Web API
 * client behind the ChatPort. Over HTTP the edge verifies signatures and
 * timestamps (401 otherwise) and validates the body (400 otherwise) before
 * Bolt sees it.
 */
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { HttpRoutes } from '../http-server.ts';
import type { Core } from '../../src/core.ts';
import { SlackStartError } from '../../src/errors.ts';
import type { Logger } from '../../src/ports.ts';
import { SlackChatPort } from './slack-chat-port.ts';
import { registerSlackHandlers } from './slack-handlers.ts';
import { slackEdge } from './slack-edge.ts';
import type { SlackSettings } from './slack-settings.ts';

export interface RunningSlack {
  readonly port: SlackChatPort;
  readonly mode: SlackSettings['mode'];
  stop(): Promise<void>;
}

/**
 * Web API client options shared by the Bolt app and a standalone worker.
 * Rate-limited calls are rejected by the client so the ChatPort itself waits
 * for Retry-After and resends in order; other transient failures are retried.
 */
export function slackClientOptions(settings: SlackSettings) {
  return {
    ...(settings.apiUrl !== undefined ? { slackApiUrl: settings.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
    timeout: 30_000,
  };
}

/** Bolt's logger on ours, so Slack's lines land in the same structured log. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => logger.info({ component: 'bolt' }, line(parts)),
    warn: (...parts: unknown[]) => logger.warn({ component: 'bolt' }, line(parts)),
    error: (...parts: unknown[]) => logger.error({ component: 'bolt' }, line(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Starts Slack and registers its ChatPort with the core. Rate-limited calls
 * are rejected by the client (`rejectRateLimitedCalls`) so the ChatPort
 * itself waits for Retry-After and resends in order; other transient
 * failures are retried by the client a few times.
 */
export async function startSlack(core: Core, settings: SlackSettings, http?: HttpRoutes): Promise<RunningSlack> {
  const logger = core.logger.child({ adapter: 'slack' });
  const boltLog = boltLogger(logger);
  const clientOptions = slackClientOptions(settings);
  let app: App;
  let mount: (() => void) | undefined;
  if (settings.mode === 'http') {
    // Requests come through the process's shared server and the edge, which verifies and validates them; Bolt's receiver sits behind it.
    if (http === undefined) throw new SlackStartError('cannot start Slack in HTTP mode without the shared HTTP server');
    const receiver = new HTTPReceiver({ signingSecret: settings.signingSecret, signatureVerification: false, logger: boltLog });
    app = new App({ token: settings.botToken, receiver, clientOptions, logger: boltLog, deferInitialization: true });
    mount = () => http.mount('/slack/', slackEdge(receiver.requestListener, settings.signingSecret, logger));
  } else {
    app = new App({ token: settings.botToken, appToken: settings.appToken, socketMode: true, clientOptions, logger: boltLog, deferInitialization: true });
  }
  // init() calls auth.test: a wrong token stops the start here, with Slack's error.
  try {
    await app.init();
  } catch (error) {
    throw new SlackStartError(`cannot start Slack: auth.test failed (${(error as Error).message})`);
  }
  const port = new SlackChatPort(app.client, { defaultLocale: core.config.locale, logger });
  registerSlackHandlers(app, core, port);
  if (mount) {
    mount();
    core.chat.register(port);
    return { port, mode: settings.mode, stop: () => Promise.resolve() };
  }
  try {
    await app.start();
  } catch (error) {
    throw new SlackStartError(`cannot start Slack in ${settings.mode} mode: ${(error as Error).message}`);
  }
  core.chat.register(port);
  logger.info({ mode: settings.mode }, 'slack adapter started');
  return { port, mode: settings.mode, stop: () => app.stop().then(() => undefined) };
}
