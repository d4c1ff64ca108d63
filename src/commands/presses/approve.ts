import type { AccountConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import { userKey, type RequestContext } from '../../domain/identity.ts';
import { requirePermission } from '../../domain/roles.ts';
import { approvalDeadline, effectivePolicy } from '../../domain/catalog.ts';
import { notifyTeam, refreshOperationMessages } from '../../operations/notifier.ts';
import { failureOf } from '../../operations/failure.ts';
import { formatDate } from '../../messages/format.ts';
import { translator } from '../../messages/i18n.ts';
import { literalParams, plain } from '../../messages/markup.ts';
import type { ActionRow } from '../../state/actions-repo.ts';
import type { Operation } from '../../state/operations-repo.ts';
import { missingTest } from '../handlers/run.ts';
import { checkRefusalAtApproval } from '../handlers/check-gate.ts';
import { enqueue } from '../start-operation.ts';
import type { Outcome } from '../outcome.ts';
import { textMessage } from '../../messages/model.ts';

/**
 * Approve or Reject of a run waiting for a second person; nobody approves
 * their own run. An approval is refused once it waited past the policy's
 * `approvalTtlHours`, or when `requireTest` or `requireCheck` no longer
 * holds: the run is then cancelled, since it could never be approved and it
 * holds the account.
 */
export async function pressApproval(core: Core, ctx: RequestContext, action: ActionRow): Promise<Outcome> {
  const account = core.config.accounts.find((a) => a.id === action.accountId);
  if (!account || !action.operationId) throw new UserError('action-unknown');
  requirePermission(core.config, account, ctx.user, 'approve');
  const op = await core.store.operations.get(action.operationId);
  if (!op) throw new UserError('action-unknown');
  if (op.requestedBy === userKey(ctx.user)) throw new UserError('approve-own', { account: account.id });
  const now = core.clock.now();
  // A display name is the user's own text: literal wherever it fills a template.
  const user = plain(ctx.user.name ?? ctx.user.id);
  const refusal = action.kind === 'approve' ? await approvalRefusal(core, account, op, ctx.locale) : undefined;
  if (!(await core.store.actions.consumeGroup(action.groupId, userKey(ctx.user), now))) {
    throw new UserError('action-used', { user });
  }
  const tr = translator(ctx.locale);
  if (refusal) {
    if (await core.store.operations.transition(op.id, 'cancelled', now, { error: failureOf(refusal, ctx.locale) }, ['pending_approval'])) {
      await notifyTeam(core, account.id, (t) => t(refusal.code, literalParams(refusal.params)));
      await refreshOperationMessages(core, op.id);
    }
    throw refusal;
  }
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

/** Why this run may no longer be approved (expired, or its required test no longer a recent pass), if it may not. */
async function approvalRefusal(core: Core, account: AccountConfig, op: Operation, locale: RequestContext['locale']): Promise<UserError | undefined> {
  const migration = core.config.migrations.find((m) => m.id === op.migrationId);
  if (!migration) throw new UserError('action-unknown');
  const deadline = approvalDeadline(effectivePolicy(migration, account), op.createdAt);
  const names = { operation: op.id, account: account.id, migration: migration.id };
  if (core.clock.now() > deadline) return new UserError('approval-expired', { ...names, time: formatDate(deadline, locale) });
  const lastTest = await core.store.operations.latestFinishedTest(account.id, migration.id);
  const missing = missingTest(core, account, migration, lastTest, locale);
  if (missing) return new UserError('approval-test-stale', { ...missing, ...names });
  return checkRefusalAtApproval(core, account, migration, op, locale);
}
