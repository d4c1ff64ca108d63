import type { AccountConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import type { RequestContext } from '../../domain/identity.ts';
import { findMigration } from '../../domain/catalog.ts';
import { newOperationId } from '../../domain/ids.ts';
import { requirePermission } from '../../domain/roles.ts';
import { startOperation } from '../start-operation.ts';
import type { Outcome } from '../outcome.ts';

/** `/migrate test`: queue a test import, answered at once with the queue position. */
export async function startTest(core: Core, ctx: RequestContext, account: AccountConfig, migrationId: string): Promise<Outcome> {
  requirePermission(core.config, account, ctx.user, 'test');
  const migration = findMigration(core.config, account, migrationId);
  if (!migration.testable || !migration.temporary) throw new UserError('not-testable', { migration: migration.id });
  const state = await core.store.accountStates.get(account.id);
  const op = await startOperation(core, ctx, {
    id: newOperationId('test'), kind: 'test', accountId: account.id, migrationId: migration.id, status: 'queued',
    sourceServer: state?.serverId ?? account.server, targetServer: null, relatedOperationId: null,
  });
  return { operations: [op.id] };
}
