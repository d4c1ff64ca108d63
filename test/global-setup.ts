import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';

/**
 * Tests use the real MariaDB and Redis; when one is down the whole run fails
 * at once with how to start it, instead of every test timing out (or, worse,
 * skipping).
 */
export default async function setup(): Promise<void> {
  const hint = 'start them with: bash scripts/start-services.sh';
  try {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', connectTimeout: 5000 });
    await connection.end();
  } catch (error) {
    throw new Error(`MariaDB on 127.0.0.1:3306 does not answer (${(error as Error).message}); ${hint}`);
  }
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis on 127.0.0.1:6379 does not answer (${(error as Error).message}); ${hint}`);
  } finally {
    redis.disconnect();
  }
}
