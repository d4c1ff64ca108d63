import { pino, type DestinationStream } from 'pino';
import { redactSecrets } from '../src/domain/redact.ts';
import type { Config } from '../src/config/schema.ts';
import type { Core } from '../src/core.ts';
import type { Clock, Logger } from '../src/ports.ts';
import { systemClock } from '../src/ports.ts';
import { ChatRouter } from '../src/chat-router.ts';
import { DefaultEngine } from '../src/drivers/default-engine.ts';
import { openStateDatabase } from '../src/state/db.ts';
import { StateStore } from '../src/state/state-store.ts';
import { BullmqQueuePort } from './bullmq-queue-port.ts';
import { closeQueues, openQueues, type Queues } from './queues.ts';
import { checkRedis } from './redis-connection.ts';

export interface Runtime {
  readonly core: Core;
  readonly queues: Queues;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** Every string of a serialized error, nested causes included, through the one redactor. */
function scrubbed(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubbed(item, depth + 1)]));
}

/**
 * Pino on stderr (stdout belongs to the terminal adapter). Secrets are
 * redacted by field name, and every string of a logged error is scrubbed of
 * what looks like a password: not only its message and stack, but also
 * mysql2's `sql` and `sqlMessage`, which carry a failing
 * `CREATE USER ... IDENTIFIED BY PASSWORD '*hash'` whole.
 */
export function makeLogger(level = process.env['LOG_LEVEL'] ?? 'info', destination: DestinationStream = pino.destination(2)): Logger {
  return pino({
    level,
    redact: ['*.password', '*.adminPassword', '*.token', '*.botToken', '*.signingSecret', '*.appToken', 'password', 'adminPassword'],
    serializers: {
      err: (error: Error) => scrubbed(pino.stdSerializers.err(error)),
    },
  }, destination);
}

/**
 * The composition root's common part: state database (migrated), Redis
 * (checked with one PING), queues, engine, chat router. Unreachable
 * services throw ServiceUnreachableError before anything else starts.
 */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? makeLogger();
  // First: a config naming unknown check rules is refused before any connection is opened.
  const engine = new DefaultEngine(config);
  await checkRedis(config.redis.url);
  const database = await openStateDatabase(config.state.url);
  const store = new StateStore(database);
  const queues = openQueues({ redisUrl: config.redis.url, prefix: config.redis.prefix });
  const core: Core = {
    config, store, engine, logger,
    chat: new ChatRouter(logger),
    queue: new BullmqQueuePort(queues),
    clock: options.clock ?? systemClock,
  };
  return {
    core, queues,
    close: async () => {
      await closeQueues(queues);
      await engine.close();
      await store.close();
    },
  };
}
