import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import { userKey, type RequestContext } from '../../domain/identity.ts';
import { allows, requirePermission, roleOf } from '../../domain/roles.ts';
import { isFinal } from '../../domain/operation-state.ts';
import { notifyTeam, refreshOperationMessages } from '../../operations/notifier.ts';
import { acceptsCancel } from '../../operations/steps/declarations.ts';
import { translator } from '../../messages/i18n.ts';
import { plain } from '../../messages/markup.ts';
import type { Outcome } from '../outcome.ts';

/**
 * `/migrate cancel`: a queued or waiting operation is cancelled at once; a
 * running one is asked to stop, and its worker stops at the next safe point
 * (destroying a test's temporary server).
 */
export async function cancelOperation(core: Core, ctx: RequestContext, operationId: string): Promise<Outcome> {
  const op = await core.store.operations.get(operationId);
  if (!op) throw new UserError('operation-unknown', { operation: operationId });
  const account = core.config.accounts.find((a) => a.id === op.accountId);
  if (!account) throw new UserError('operation-unknown', { operation: operationId });
  requirePermission(core.config, account, ctx.user, 'cancel-own');
  const own = op.requestedBy === userKey(ctx.user);
  if (!own && !allows(roleOf(core.config, account, ctx.user), 'cancel-any')) {
    throw new UserError('cancel-not-own', { operation: op.id, user: op.requestedByName ?? op.requestedBy, account: account.id });
  }
  const tr = translator(ctx.locale);
  if (isFinal(op.status)) {
    throw new UserError('cancel-final', { operation: op.id, status: tr(`status.${op.status}`) });
  }
  if ((op.status === 'running' || op.status === 'needs_attention') && op.step && !acceptsCancel(op.kind, op.step)) {
    throw new UserError('cancel-too-late', { operation: op.id });
  }
  const now = core.clock.now();
  await core.store.operations.requestCancel(op.id);
  const cancelledNow = op.status !== 'running'
    && await core.store.operations.transition(op.id, 'cancelled', now, { error: { reason: tr('op.cancelled', { user: plain(ctx.user.name ?? ctx.user.id) }) } }, ['queued', 'pending_approval']);
  if (cancelledNow) {
    await core.queue.removeOperation({ operationId: op.id, kind: op.kind });
    await notifyTeam(core, op.accountId, (t) => t('team.cancelled', { kind: t(`kind.${op.kind}`), account: op.accountId, migration: op.migrationId }));
  } else {
    await core.store.operations.patch(op.id, { progress: { ...(op.progress ?? {}), step: op.step ?? 'running', note: tr('op.cancel-requested', { user: plain(ctx.user.name ?? ctx.user.id) }) } }, now);
  }
  await refreshOperationMessages(core, op.id);
  return { operations: [op.id] };
}
