import type { AccountConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import type { RequestContext } from '../../domain/identity.ts';
import { newOperationId } from '../../domain/ids.ts';
import { translator } from '../../messages/i18n.ts';
import { formatDate } from '../../messages/format.ts';
import { requirePermission } from '../permissions.ts';
import { busyError } from '../start-operation.ts';
import { createConfirmation } from '../confirmation.ts';
import { reply, type Outcome } from '../outcome.ts';
import type { AccountState } from '../../state/account-states-repo.ts';

/**
 * The rollback window, enforced here from the state database whatever a
 * button still shows: a migrated account, not rolled back, before its deadline.
 */
export async function openRollbackWindow(core: Core, account: AccountConfig, locale: RequestContext['locale']): Promise<AccountState & { runOperationId: string; previousServerId: string; rollbackDeadline: Date; migrationId: string }> {
  const state = await core.store.accountStates.get(account.id);
  if (!state?.runOperationId || !state.previousServerId || !state.rollbackDeadline || !state.migrationId || state.serverId === state.previousServerId) {
    throw new UserError('rollback-none', { account: account.id });
  }
  const closedAt = state.rollbackClosedAt ?? (core.clock.now() > state.rollbackDeadline ? state.rollbackDeadline : null);
  if (closedAt) throw new UserError('rollback-closed', { account: account.id, date: formatDate(closedAt, locale) });
  const holder = await core.store.operations.holderOf(account.id);
  if (holder) throw busyError(core, holder, locale);
  return { ...state, runOperationId: state.runOperationId, previousServerId: state.previousServerId, rollbackDeadline: state.rollbackDeadline, migrationId: state.migrationId };
}

/** `/migrate rollback` and the Rollback button: a confirmation for the requester alone. */
export async function requestRollback(core: Core, ctx: RequestContext, account: AccountConfig): Promise<Outcome> {
  requirePermission(core, account, ctx.user, 'rollback');
  const state = await openRollbackWindow(core, account, ctx.locale);
  const tr = translator(ctx.locale);
  const title = tr('confirm.rollback.title', { account: account.id, server: state.previousServerId });
  const message = await createConfirmation(core, ctx, {
    kind: 'confirm-rollback', accountId: account.id, migrationId: state.migrationId, operationId: newOperationId('rollback'),
    fingerprint: { serverId: state.serverId, lastTestId: null, runId: state.runOperationId },
    typed: false,
    dialogText: tr('confirm.dialog.rollback', { account: account.id, server: state.previousServerId }),
    text: title,
    blocks: [
      { type: 'header', text: title },
      { type: 'section', text: tr('confirm.rollback.what', { account: account.id, current: state.serverId, server: state.previousServerId, deadline: formatDate(state.rollbackDeadline, ctx.locale) }) },
    ],
  });
  await reply(core, ctx, message, true);
  return { operations: [] };
}
