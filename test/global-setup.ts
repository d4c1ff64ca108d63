import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { suiteDirs } from './helpers/suite-dirs.ts';
import { ensureSuiteImage } from './helpers/suite-image.ts';
import { removeLeftovers } from './integration/helpers/provision-cleanup.ts';

/**
 * Tests use the real MariaDB and Redis; when one is down the whole run fails
 * at once with how to start it, instead of every test timing out (or, worse,
 * skipping). The MariaDB 11.8 image is built here when it is missing and the
 * machine allows it, before any test waits for it; otherwise the run fails at
 * once with the command that builds it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const run = randomBytes(4).toString('hex');
  process.env['MIGRATE_BOT_TEST_RUN'] = run;
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
  await ensureSuiteImage({ log: (text) => process.stdout.write(text) });
  // At the end: no server process or directory this run started may be left.
  return async () => {
    const dirs = suiteDirs(run);
    const found = await removeLeftovers([dirs.imageInner, dirs.imageHost, dirs.host], [dirs.imageHost, dirs.host]);
    await rm(dirs.imageHost, { recursive: true, force: true });
    if (found.processes.length > 0 || found.directories.length > 0) {
      // vitest reports a teardown error but keeps its exit code: set ours so the run fails.
      process.exitCode = 1;
      throw new Error(`the test run left servers behind (now removed): ${[...found.processes.map((p) => `pid ${p.pid}: ${p.argv}`), ...found.directories].join('; ')}`);
    }
  };
}
