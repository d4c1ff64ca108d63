import type { Config } from '../../src/config/schema.ts';
import { ValidationError } from '../../src/errors.ts';

/**
 * How this process talks to Discord, from the environment first, then the
 * config's `discord` section. `http`: Discord POSTs interactions to
 * /discord/interactions on `port` (the public key is set); `gateway`: a
 * discord.js Client receives them over the WebSocket.
 */
export interface DiscordSettings {
  readonly mode: 'http' | 'gateway';
  readonly token: string;
  readonly applicationId: string;
  /** The application's Ed25519 public key, hex (HTTP mode). */
  readonly publicKey?: string;
  /** The REST base without version (`https://discord.com/api`); `/v10` is appended by @discordjs/rest. */
  readonly apiUrl: string;
  readonly guildId?: string;
  readonly port: number;
  /**
   * How long the bot uses an interaction token (Discord: 15 minutes). After
   * that, messages for one user go by direct message. Kept under Discord's
   * figure so a slow call never lands on a dead token; tests shorten it.
   */
  readonly interactionTokenMs: number;
}

export const discordApiDefault = 'https://discord.com/api';
const defaultTokenSeconds = 14 * 60;

/** An empty value (`${DISCORD_TOKEN:-}` in the YAML) counts as unset. */
function given(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v.trim() !== '')?.trim();
}

/**
 * Discord is on when a token is set; it then needs the application id, and
 * runs in HTTP mode when a public key is given, over the Gateway otherwise.
 * A public key or application id without a token is a configuration
 * problem, not a silent "Discord off". Undefined when nothing is set.
 */
export function discordSettings(config: Config, env: NodeJS.ProcessEnv, source: string): DiscordSettings | undefined {
  const token = given(env['DISCORD_TOKEN'], config.discord.token);
  const applicationId = given(env['DISCORD_APPLICATION_ID'], config.discord.applicationId);
  const publicKey = given(env['DISCORD_PUBLIC_KEY'], config.discord.publicKey);
  const apiUrl = given(env['DISCORD_API_URL'], config.discord.apiUrl) ?? discordApiDefault;
  const guildId = given(env['DISCORD_GUILD_ID'], config.discord.guildId);
  const portText = given(env['PORT']);
  const tokenSecondsText = given(env['DISCORD_INTERACTION_TOKEN_SECONDS']);
  if (token === undefined && applicationId === undefined && publicKey === undefined) return undefined;
  const problems: { path: string; message: string }[] = [];
  if (token === undefined) problems.push({ path: 'discord.token', message: 'set DISCORD_TOKEN or discord.token: Discord needs the bot token' });
  if (applicationId === undefined || !/^\d+$/.test(applicationId)) problems.push({ path: 'discord.applicationId', message: 'set DISCORD_APPLICATION_ID (digits) or discord.applicationId' });
  if (publicKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(publicKey)) problems.push({ path: 'discord.publicKey', message: 'the public key is 64 hex characters (General Information > Public Key)' });
  if (!/^https?:\/\//.test(apiUrl)) problems.push({ path: 'discord.apiUrl', message: 'DISCORD_API_URL must be an http(s) URL' });
  const port = portText === undefined ? config.discord.port : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push({ path: 'PORT', message: `"${portText ?? ''}" is not a port number` });
  const tokenSeconds = tokenSecondsText === undefined ? defaultTokenSeconds : Number(tokenSecondsText);
  if (!(tokenSeconds > 0 && tokenSeconds <= 15 * 60)) problems.push({ path: 'DISCORD_INTERACTION_TOKEN_SECONDS', message: 'between 1 and 900 seconds' });
  if (problems.length > 0 || token === undefined || applicationId === undefined) throw new ValidationError(source, problems);
  return {
    mode: publicKey === undefined ? 'gateway' : 'http',
    token, applicationId, apiUrl: apiUrl.replace(/\/+$/, ''), port,
    interactionTokenMs: tokenSeconds * 1000,
    ...(publicKey !== undefined ? { publicKey: publicKey.toLowerCase() } : {}),
    ...(guildId !== undefined ? { guildId } : {}),
  };
}
