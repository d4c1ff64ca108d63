/**
 * The bot's entry point (`npm start`): loads the config (config/demo.yml by
 * default), opens the state database and Redis, seeds demo accounts, starts
 * the chat adapters and the worker in this process (unless --no-worker).
 * Several adapters run in one process: Slack when its tokens are set (env
 * or config), and the terminal unless Slack runs and stdin is no TTY
 * (`--shell` keeps it, `--no-shell` drops it).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load-config.ts';
import { DiscordStartError, HttpServerStartError, ServiceUnreachableError, SlackStartError, UserError, ValidationError } from '../src/errors.ts';
import { t } from '../src/messages/i18n.ts';
import { openRuntime, makeLogger, type Runtime } from '../jobs/bootstrap.ts';
import { startWorker, type RunningWorker } from '../jobs/worker.ts';
import { seedDemoAccounts } from '../jobs/seed-demo-accounts.ts';
import { ShellChatPort } from './shell/shell-chat-port.ts';
import { runShellSession } from './shell/shell-session.ts';
import { ansiStyle, plainStyle } from './shell/render-text.ts';
import { slackSettings } from './slack/slack-settings.ts';
import { startSlack, type RunningSlack } from './slack/slack-app.ts';
import { discordSettings } from './discord/discord-settings.ts';
import { startDiscord, type RunningDiscord } from './discord/discord-app.ts';
import { startHttpServer, type RunningHttpServer } from './http-server.ts';
import { guardProcess } from './process-guard.ts';

const defaultConfig = fileURLToPath(new URL('../config/demo.yml', import.meta.url));

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: process.env['MIGRATE_BOT_CONFIG'] ?? defaultConfig },
    json: { type: 'boolean', default: false },
    user: { type: 'string' },
    locale: { type: 'string' },
    'no-worker': { type: 'boolean', default: false },
    shell: { type: 'boolean', default: false },
    'no-shell': { type: 'boolean', default: false },
    'no-slack': { type: 'boolean', default: false },
    'no-discord': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  process.stdout.write([
    'usage: npm start -- [--config FILE] [--json] [--user NAME] [--locale en|fr] [--no-worker] [--shell | --no-shell] [--no-slack]',
    '  --shell      keep the terminal adapter when Slack runs and stdin is not a terminal',
    '  --no-shell   no terminal adapter (Slack only, or the worker alone)',
    '  --no-slack   ignore SLACK_* variables and the config\'s slack section',
    '  --no-discord ignore DISCORD_* variables and the config\'s discord section',
    'Slack starts when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP on PORT, default 3000, path /slack/events)',
    'or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) are set, or the config\'s slack section gives them.',
    'Discord starts when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set: HTTP interactions on PORT, path',
    '/discord/interactions, with DISCORD_PUBLIC_KEY; the Gateway without it.',
    '',
  ].join('\n'));
  process.exit(0);
}

async function main(): Promise<number> {
  const config = await loadConfig(values.config);
  const locale = values.locale === 'fr' || values.locale === 'en' ? values.locale : config.locale;
  const slack = values['no-slack'] ? undefined : slackSettings(config, process.env, values.config);
  const discord = values['no-discord'] ? undefined : discordSettings(config, process.env, values.config);
  const interactive = process.stdin.isTTY === true;
  // With Slack, a process without a terminal (a service) has no use for the shell unless asked.
  const shellMode = !values['no-shell'] && ((slack === undefined && discord === undefined) || values.shell || interactive);
  // In the terminal, logs would interleave with the conversation: warnings only, on stderr.
  const logger = makeLogger(process.env['LOG_LEVEL'] ?? (shellMode ? 'warn' : 'info'));
  const runtime: Runtime = await openRuntime(config, { logger });
  let worker: RunningWorker | undefined;
  let slackApp: RunningSlack | undefined;
  let discordApp: RunningDiscord | undefined;
  let http: RunningHttpServer | undefined;
  let stopped: Promise<void> | undefined;
  // Adapters first, so nothing new comes in; then the worker, which finishes its step; the runtime last. Once, whoever asks.
  const stop = () => stopped ??= (async () => {
    await slackApp?.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping slack failed'));
    await discordApp?.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping discord failed'));
    await http?.stop();
    await worker?.close();
    await runtime.close();
  })();
  guardProcess(logger, { shutdown: stop });
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  try {
    await seedDemoAccounts(runtime.core);
    // Adapters first: a worker resuming an operation at start-up posts through them.
    // One HTTP server for /slack/events and /discord/interactions when either takes HTTP requests.
    const httpPort = slack?.mode === 'http' ? slack.port : discord?.mode === 'http' ? discord.port : undefined;
    if (httpPort !== undefined) http = await startHttpServer(httpPort, logger);
    if (slack) slackApp = await startSlack(runtime.core, slack, http);
    if (discord) discordApp = await startDiscord(runtime.core, discord, http);
    if (!values['no-worker']) worker = await startWorker(runtime.core, { redisUrl: config.redis.url, prefix: config.redis.prefix });
    if (!shellMode) {
      await new Promise<never>(() => undefined); // adapters other than the terminal keep the process alive
    }
    // Interactive: clear the prompt line before a message, so output never lands after "alice> ".
    const write = (line: string) => process.stdout.write(values.json ? `${line}\n` : interactive ? `\r\x1b[K${line}` : line);
    const port = new ShellChatPort({ write }, values.json, interactive && !values.json ? ansiStyle : plainStyle);
    runtime.core.chat.register(port);
    await runShellSession(runtime.core, port, {
      user: values.user ?? config.shell.defaultUser, locale, channel: config.shell.channel, interactive, workerInProcess: worker !== undefined,
      input: process.stdin, say: (line) => process.stdout.write(values.json ? `${JSON.stringify({ type: 'notice', text: line })}\n` : `${line}\n`),
    });
    return 0;
  } finally {
    await stop();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  if (error instanceof ValidationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof ServiceUnreachableError || error instanceof SlackStartError || error instanceof DiscordStartError || error instanceof HttpServerStartError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof UserError) {
    process.stderr.write(`${t('en', error.code, error.params)}\n`);
    process.exit(1);
  }
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
