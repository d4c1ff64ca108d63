/**
 * The bot's entry point (`npm start`): loads the config (config/demo.yml by
 * default), opens the state database and Redis, seeds demo accounts, starts
 * the worker in this process (unless --no-worker) and the chat adapters:
 * the terminal by default, Slack when its tokens are set.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load-config.ts';
import { ValidationError } from '../src/config/validate.ts';
import { ServiceUnreachableError } from '../src/state/service-errors.ts';
import { UserError } from '../src/errors.ts';
import { t } from '../src/messages/i18n.ts';
import { openRuntime, makeLogger, type Runtime } from '../jobs/bootstrap.ts';
import { startWorker, type RunningWorker } from '../jobs/worker.ts';
import { seedDemoAccounts } from '../jobs/seed-demo-accounts.ts';
import { ShellChatPort } from './shell/shell-chat-port.ts';
import { runShellSession } from './shell/shell-session.ts';
import { ansiStyle, plainStyle } from './shell/render-text.ts';

const defaultConfig = fileURLToPath(new URL('../config/demo.yml', import.meta.url));

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: process.env['MIGRATE_BOT_CONFIG'] ?? defaultConfig },
    json: { type: 'boolean', default: false },
    user: { type: 'string' },
    locale: { type: 'string' },
    'no-worker': { type: 'boolean', default: false },
    'no-shell': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  process.stdout.write('usage: npm start -- [--config FILE] [--json] [--user NAME] [--locale en|fr] [--no-worker] [--no-shell]\n');
  process.exit(0);
}

async function main(): Promise<number> {
  const config = await loadConfig(values.config);
  const locale = values.locale === 'fr' || values.locale === 'en' ? values.locale : config.locale;
  const shellMode = !values['no-shell'];
  // In the terminal, logs would interleave with the conversation: warnings only, on stderr.
  const logger = makeLogger(process.env['LOG_LEVEL'] ?? (shellMode ? 'warn' : 'info'));
  const runtime: Runtime = await openRuntime(config, { logger });
  let worker: RunningWorker | undefined;
  const stop = async () => {
    await worker?.close();
    await runtime.close();
  };
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  try {
    await seedDemoAccounts(runtime.core);
    if (!values['no-worker']) worker = await startWorker(runtime.core, { redisUrl: config.redis.url, prefix: config.redis.prefix });
    if (!shellMode) {
      await new Promise<never>(() => undefined); // adapters other than the terminal keep the process alive
    }
    const interactive = process.stdin.isTTY === true;
    const port = new ShellChatPort({ write: (line) => process.stdout.write(values.json ? `${line}\n` : line) }, values.json, interactive && !values.json ? ansiStyle : plainStyle);
    runtime.core.chat.register(port);
    await runShellSession(runtime.core, port, {
      user: values.user ?? config.shell.defaultUser, locale, channel: config.shell.channel, interactive,
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
  if (error instanceof ServiceUnreachableError) {
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
