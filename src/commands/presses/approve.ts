import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import { userKey, type RequestContext } from '../../domain/identity.ts';
import { requirePermission } from '../../domain/roles.ts';
import { notifyTeam, refreshOperationMessages } from '../../operations/notifier.ts';
import { translator } from '../../messages/i18n.ts';
import type { ActionRow } from '../../state/actions-repo.ts';
import { enqueue } from '../start-operation.ts';
import type { Outcome } from '../outcome.ts';
import { textMessage } from '../../messages/model.ts';

/** Approve or Reject of a run waiting for a second person; nobody approves their own run. */
export async function pressApproval(core: Core, ctx: RequestContext, action: ActionRow): Promise<Outcome> {
  const account = core.config.accounts.find((a) => a.id === action.accountId);
  if (!account || !action.operationId) throw new UserError('action-unknown');
  requirePermission(core.config, account, ctx.user, 'approve');
  const op = await core.store.operations.get(action.operationId);
  if (!op) throw new UserError('action-unknown');
  if (op.requestedBy === userKey(ctx.user)) throw new UserError('approve-own', { account: account.id });
  const now = core.clock.now();
  if (!(await core.store.actions.consumeGroup(action.groupId, userKey(ctx.user), now))) {
    throw new UserError('action-used', { user: ctx.user.name ?? ctx.user.id });
  }
  const user = ctx.user.name ?? ctx.user.id;
  const tr = translator(ctx.locale);
  if (action.kind === 'approve') {
    if (!(await core.store.operations.transition(op.id, 'queued', now, { approvedBy: userKey(ctx.user) }, ['pending_approval']))) {
      throw new UserError('action-used', { user });
    }
    await enqueue(core, { ...op, status: 'queued' });
    await notifyTeam(core, account.id, (t) => t('team.approved', { user, migration: op.migrationId, account: account.id }));
    await refreshOperationMessages(core, op.id);
    return { operations: [op.id], replace: textMessage(tr('op.approved-by', { user })) };
  }
  await core.store.operations.transition(op.id, 'cancelled', now, { error: { reason: tr('op.rejected', { user }) } }, ['pending_approval']);
  await notifyTeam(core, account.id, (t) => t('team.rejected', { user, migration: op.migrationId, account: account.id }));
  await refreshOperationMessages(core, op.id);
  return { operations: [op.id], replace: textMessage(tr('op.rejected', { user })) };
}
