/**
 * Registers `/migrate` with Discord (`npm run discord:register [-- --guild ID]`):
 * a bulk overwrite (PUT) of the application's commands, in one guild (at
 * once: for tests and demos) or globally (may take a while to show). The
 * guild comes from --guild, else DISCORD_GUILD_ID / discord.guildId; none:
 * global. Credentials as the bot reads them: the environment, then the config.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Routes } from 'discord.js';
import { loadConfig } from '../src/config/load-config.ts';
import { ValidationError } from '../src/errors.ts';
import { discordSettings } from '../adapters/discord/discord-settings.ts';
import { discordRest } from '../adapters/discord/discord-app.ts';
import { commandDefinitions } from '../adapters/discord/commands.ts';

const defaultConfig = fileURLToPath(new URL('../config/demo.yml', import.meta.url));
const { values } = parseArgs({
  options: {
    config: { type: 'string', default: process.env['MIGRATE_BOT_CONFIG'] ?? defaultConfig },
    guild: { type: 'string' },
    global: { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  const config = await loadConfig(values.config);
  const settings = discordSettings(config, process.env, values.config);
  if (!settings) {
    process.stderr.write('Discord is not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (or the config\'s discord section).\n');
    return 2;
  }
  const guild = values.global ? undefined : values.guild ?? settings.guildId;
  if (guild !== undefined && !/^\d+$/.test(guild)) {
    process.stderr.write(`--guild takes a server id (digits), not "${guild}"\n`);
    return 2;
  }
  const route = guild === undefined ? Routes.applicationCommands(settings.applicationId) : Routes.applicationGuildCommands(settings.applicationId, guild);
  const registered = await discordRest(settings).put(route, { body: commandDefinitions() }) as { name: string; id: string }[];
  process.stdout.write(`registered ${registered.map((c) => `/${c.name}`).join(', ')} ${guild === undefined ? 'globally (may take up to an hour to show)' : `in guild ${guild}`}\n`);
  return 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`${error instanceof ValidationError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ValidationError ? 2 : 1);
});
