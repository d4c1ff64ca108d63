import { Redis } from 'ioredis';
import { ServiceUnreachableError } from '../src/errors.ts';

export interface RedisConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly password?: string;
  readonly username?: string;
  readonly db: number;
  readonly maxRetriesPerRequest: null;
}

/** BullMQ's connection options from a redis:// URL (workers need maxRetriesPerRequest: null). */
export function redisOptions(url: string): RedisConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: Number(parsed.pathname.replace('/', '') || 0),
    maxRetriesPerRequest: null,
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
  };
}

/** One PING with no retries, so an absent Redis is a clear one-line error at start instead of endless reconnects. */
export async function checkRedis(url: string): Promise<void> {
  const address = `redis://${new URL(url).host}`;
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    // ioredis reports a refused connection as "Connection is closed" once retries are off: any failure here means unreachable.
    const code = (error as { code?: string }).code ?? 'ECONNREFUSED';
    throw new ServiceUnreachableError(`cannot reach Redis at ${address} (${code}); start it with: scripts/start-services.sh`);
  } finally {
    client.disconnect();
  }
}
