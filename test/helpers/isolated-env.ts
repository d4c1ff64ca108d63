import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load-config.ts';
import { openRuntime, makeLogger } from '../../jobs/bootstrap.ts';
import { destroyTemporaryServer } from '../../src/operations/temporary-servers.ts';
import { suiteDirs, suiteRun } from './suite-dirs.ts';

export const demoConfigPath = fileURLToPath(new URL('../../config/demo.yml', import.meta.url));

/** A state database and a Redis prefix of this test's own, named in the environment the bot reads. */
export function isolatedEnv(label: string): NodeJS.ProcessEnv & { MIGRATE_BOT_STATE_URL: string; MIGRATE_BOT_REDIS_PREFIX: string } {
  const suffix = randomBytes(4).toString('hex');
  const dirs = suiteDirs(suiteRun());
  return {
    ...process.env,
    MIGRATE_BOT_TEMP_DIR: dirs.imageInner,
    MIGRATE_BOT_HOST_TEMP_DIR: dirs.host,
    MIGRATE_BOT_STATE_URL: `mysql://root@127.0.0.1:3306/migrate_bot_test_${label}_${suffix}`,
    MIGRATE_BOT_REDIS_PREFIX: `migrate-bot-test-${label}-${suffix}`,
    LOG_LEVEL: 'warn',
  };
}

/** Destroys the temporary servers the run left, drops its state database and its Redis keys. */
export async function cleanupIsolatedEnv(env: ReturnType<typeof isolatedEnv>): Promise<void> {
  const config = await loadConfig(demoConfigPath, env);
  const runtime = await openRuntime(config, { logger: makeLogger('error') });
  try {
    for (const row of await runtime.core.store.temporaryServers.live()) await destroyTemporaryServer(runtime.core, row);
  } finally {
    await runtime.close();
  }
  const database = new URL(env.MIGRATE_BOT_STATE_URL).pathname.slice(1);
  const connection = await mysql.createConnection({ host: '127.0.0.1', user: 'root', password: '' });
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.end();
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  const keys = await redis.keys(`${env.MIGRATE_BOT_REDIS_PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
