import type { Core } from '../src/core.ts';
import { seedDemoAccount } from '../src/drivers/mariadb/demo/seed-demo.ts';

/** Creates the sample data of accounts marked `seedDemo` (idempotent, quick when done). */
export async function seedDemoAccounts(core: Core): Promise<void> {
  for (const account of core.config.accounts.filter((a) => a.seedDemo)) {
    const endpoint = await core.engine.endpointOf(account.server);
    const result = await seedDemoAccount(endpoint, { logger: { info: (msg) => core.logger.info({ account: account.id }, msg) } });
    if (result.created) core.logger.info({ account: account.id, databases: result.databases }, 'demo account created');
  }
}
