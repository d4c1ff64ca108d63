import { DEFAULT_IMAGES_DIR } from '../../src/drivers/mariadb/provisioners/local-image.ts';

/**
 * Where this test run's temporary servers live: one directory per run, so the
 * suite can check at its end that nothing it started is left, without
 * touching servers of a bot running on the same machine.
 */
export function suiteDirs(run: string): { imageInner: string; imageHost: string; host: string } {
  const imageInner = `/srv/migrate-bot/test-${run}`;
  return { imageInner, imageHost: `${DEFAULT_IMAGES_DIR}/mariadb-11.8${imageInner}`, host: `/tmp/migrate-bot-test-${run}` };
}

export function suiteRun(): string {
  const run = process.env['MIGRATE_BOT_TEST_RUN'];
  if (!run) throw new Error('MIGRATE_BOT_TEST_RUN is not set: run the tests with vitest (test/global-setup.ts sets it)');
  return run;
}
