import type { AccountConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import { userKey, type RequestContext } from '../../domain/identity.ts';
import { findMigration } from '../../domain/catalog.ts';
import { requirePermission } from '../../domain/roles.ts';
import { checkAccountFor } from '../../operations/check-account.ts';
import { checkMessage } from '../../messages/check-view.ts';
import { translator } from '../../messages/i18n.ts';
import { reply, nothing, type Outcome } from '../outcome.ts';

/**
 * `/migrate check <migration> [account]`: the migration's compatibility
 * rules against the account where it is now (and, within the rollback
 * window, against going back), read only, answered to the requester
 * alone. No operation: it holds no lock and runs beside a test.
 */
export async function checkAccountCommand(core: Core, ctx: RequestContext, account: AccountConfig, migrationId: string): Promise<Outcome> {
  requirePermission(core.config, account, ctx.user, 'check');
  const migration = findMigration(core.config, account, migrationId);
  const check = await checkAccountFor(core, account, migration, userKey(ctx.user));
  const message = checkMessage(translator(ctx.locale), ctx.locale, { accountId: account.id, migrationId: migration.id, ...check });
  await reply(core, ctx, message, true);
  return nothing;
}
