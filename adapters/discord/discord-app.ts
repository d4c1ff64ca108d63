/**
 * Starts Discord in one of its two modes and registers its ChatPort with
 * the core. HTTP interactions: the endpoint is mounted on the process's
 * HTTP server. Gateway: a discord.js Client (Guilds intent, which is all
 * INTERACTION_CREATE needs) that reconnects and resumes as discord.js
 * does; its raw INTERACTION_CREATE dispatches go through the same
 * validation and handlers as HTTP bodies, and are answered with
 * `POST /interactions/{id}/{token}/callback`, as discord.js itself answers.
 */
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, REST, Routes } from 'discord.js';
import type { Core } from '../../src/core.ts';
import { DiscordStartError, ValidationError } from '../../src/errors.ts';
import type { HttpRoutes } from '../http-server.ts';
import { coreBridge } from './core-bridge.ts';
import { DiscordChatPort } from './discord-chat-port.ts';
import { interactionHandler } from './discord-handlers.ts';
import type { DiscordSettings } from './discord-settings.ts';
import { httpInteractionsListener, interactionsPath } from './http-interactions.ts';
import { readInteraction } from './interaction.ts';

export interface RunningDiscord {
  readonly port: DiscordChatPort;
  readonly mode: DiscordSettings['mode'];
  stop(): Promise<void>;
}

/** The REST client alone, with the bot token: what a standalone worker needs to post and edit. */
export function discordRest(settings: DiscordSettings): REST {
  return new REST({ api: settings.apiUrl, version: '10' }).setToken(settings.token);
}

function chatPort(core: Core, rest: REST, settings: DiscordSettings): DiscordChatPort {
  return new DiscordChatPort(rest, { defaultLocale: core.config.locale, logger: core.logger.child({ adapter: 'discord' }), interactionTokenMs: settings.interactionTokenMs });
}

/** For a process that only sends (a standalone worker): progress, reports and deadline updates with the bot token. */
export function registerDiscordRestPort(core: Core, settings: DiscordSettings): DiscordChatPort {
  const port = chatPort(core, discordRest(settings), settings);
  core.chat.register(port);
  return port;
}

async function startGateway(core: Core, settings: DiscordSettings): Promise<RunningDiscord> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: settings.apiUrl } });
  const port = chatPort(core, client.rest, settings);
  const answer = interactionHandler(core, coreBridge(core), port);
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: unknown) => {
    void (async () => {
      const request = readInteraction(raw, core.config.locale);
      if (request.kind === 'ping') return;
      const { initial, work } = await answer(request);
      await client.rest.post(Routes.interactionCallback(request.id, request.token), { body: initial, auth: false });
      if (work) await work();
    })().catch((error: unknown) => {
      const problem = error instanceof ValidationError ? 'an interaction Discord would not send' : 'answering an interaction failed';
      core.logger.warn({ err: error }, `discord: ${problem}`);
    });
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(settings.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw new DiscordStartError(`cannot start Discord over the Gateway: ${(error as Error).message}`);
  }
  return { port, mode: 'gateway', stop: () => client.destroy() };
}

async function startHttp(core: Core, settings: DiscordSettings & { publicKey: string }, http: HttpRoutes): Promise<RunningDiscord> {
  const rest = discordRest(settings);
  try {
    // As Bolt's auth.test: a wrong token stops the start here, with Discord's error.
    await rest.get(Routes.user('@me'));
  } catch (error) {
    throw new DiscordStartError(`cannot start Discord: GET /users/@me failed (${(error as Error).message})`);
  }
  const port = chatPort(core, rest, settings);
  const answer = interactionHandler(core, coreBridge(core), port);
  http.mount(interactionsPath, httpInteractionsListener({ publicKey: settings.publicKey, defaultLocale: core.config.locale, logger: core.logger.child({ adapter: 'discord' }), answer }));
  return { port, mode: 'http', stop: () => Promise.resolve() };
}

/** Starts Discord; in HTTP mode `http` is the server its endpoint goes on. */
export async function startDiscord(core: Core, settings: DiscordSettings, http: HttpRoutes | undefined): Promise<RunningDiscord> {
  const { publicKey } = settings;
  if (settings.mode === 'http' && (publicKey === undefined || http === undefined)) throw new DiscordStartError('Discord HTTP interactions need the public key and the HTTP server');
  const running = publicKey !== undefined && http !== undefined ? await startHttp(core, { ...settings, publicKey }, http) : await startGateway(core, settings);
  core.chat.register(running.port);
  core.logger.info({ mode: running.mode, ...(running.mode === 'http' ? { port: settings.port, path: interactionsPath } : {}) }, 'discord adapter started');
  return running;
}
