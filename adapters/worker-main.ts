/**
 * A worker alone (`npm run worker`): takes tests, runs, rollbacks and timers
 * from Redis. Several may run against one Redis, on several machines. It
 * posts to Slack with the bot token when Slack is configured; the terminal,
 * which it cannot reach, re-renders from the state database by itself.
 * SIGTERM: stops taking jobs, lets the current ones reach a step boundary, exits 0.
 * An unhandled rejection is logged and the worker keeps working; an uncaught
 * exception stops it the same way as SIGTERM, then exits 70.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load-config.ts';
import { ServiceUnreachableError, ValidationError } from '../src/errors.ts';
import { openRuntime } from '../jobs/bootstrap.ts';
import { startWorker } from '../jobs/worker.ts';
import { slackSettings } from './slack/slack-settings.ts';
import { registerSlackWebPort } from './slack/slack-web-port.ts';
import { discordSettings } from './discord/discord-settings.ts';
import { registerDiscordRestPort } from './discord/discord-app.ts';
import { guardProcess } from './process-guard.ts';

const defaultConfig = fileURLToPath(new URL('../config/demo.yml', import.meta.url));
const { values } = parseArgs({ options: { config: { type: 'string', default: process.env['MIGRATE_BOT_CONFIG'] ?? defaultConfig } } });

async function main(): Promise<void> {
  const config = await loadConfig(values.config);
  const slack = slackSettings(config, process.env, values.config);
  const runtime = await openRuntime(config);
  if (slack) registerSlackWebPort(runtime.core, slack);
  // Discord with the bot token alone (REST, no Gateway): channel messages are posted and edited by whichever worker runs the operation.
  const discord = discordSettings(config, process.env, values.config);
  if (discord) registerDiscordRestPort(runtime.core, discord);
  const worker = await startWorker(runtime.core, { redisUrl: config.redis.url, prefix: config.redis.prefix });
  let stopped: Promise<void> | undefined;
  // Once, whoever asks (a signal, or the guard after an uncaught exception): the worker finishes its step first.
  const close = (reason: string) => stopped ??= (async () => {
    runtime.core.logger.info({ reason, worker: worker.id }, 'worker stopping');
    await worker.close();
    await runtime.close();
  })();
  guardProcess(runtime.core.logger, { shutdown: () => close('uncaught exception') });
  process.once('SIGTERM', () => void close('SIGTERM').then(() => process.exit(0)));
  process.once('SIGINT', () => void close('SIGINT').then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  if (error instanceof ValidationError || error instanceof ServiceUnreachableError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error instanceof ValidationError ? 2 : 1);
  }
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
