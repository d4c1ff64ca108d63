import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import { approvalDeadline, effectivePolicy } from '../domain/catalog.ts';
import { formatDate } from '../messages/format.ts';
import { t } from '../messages/i18n.ts';
import { literalParams } from '../messages/markup.ts';
import { textMessage } from '../messages/model.ts';
import type { Operation } from '../state/operations-repo.ts';
import { failureOf } from './failure.ts';
import { notifyTeam, refreshOperationMessages } from './notifier.ts';
import { setTimer } from './set-timer.ts';

export const approvalTimerId = (operationId: string, dueAt?: Date): string => `approval-expiry-${operationId}${dueAt ? `-${dueAt.getTime().toString(36)}` : ''}`;

/** When a run waiting for approval expires, by the policy the config holds now. */
function deadlineOf(core: Core, op: Operation): Date | undefined {
  const account = core.config.accounts.find((a) => a.id === op.accountId);
  const migration = core.config.migrations.find((m) => m.id === op.migrationId);
  return account && migration ? approvalDeadline(effectivePolicy(migration, account), op.createdAt) : undefined;
}

/** The timer that cancels a run left waiting for its approval past the policy's `approvalTtlHours`. */
export async function scheduleApprovalExpiry(core: Core, op: Operation): Promise<void> {
  const deadline = deadlineOf(core, op);
  if (deadline) await setTimer(core, 'approval-expiry', approvalTimerId(op.id), op.id, deadline);
}

/**
 * At the deadline: a run still waiting for approval is cancelled (it holds
 * the account, and could never be approved any more), and the team and
 * the requester are told, each in their language. A run approved, rejected
 * or cancelled meanwhile is left alone; a deadline pushed back by a config
 * change since gets a timer of its own.
 */
export async function expireApproval(core: Core, operationId: string): Promise<void> {
  const op = await core.store.operations.get(operationId);
  if (op?.status !== 'pending_approval') return;
  const deadline = deadlineOf(core, op);
  const now = core.clock.now();
  if (!deadline) return;
  if (deadline > now) {
    await setTimer(core, 'approval-expiry', approvalTimerId(op.id, deadline), op.id, deadline);
    return;
  }
  const params = (locale: Operation['locale']) => ({ operation: op.id, account: op.accountId, migration: op.migrationId, time: formatDate(deadline, locale) });
  const failure = failureOf(new UserError('approval-expired', params(op.locale)), op.locale);
  if (!(await core.store.operations.transition(op.id, 'cancelled', now, { error: failure }, ['pending_approval']))) return;
  await notifyTeam(core, op.accountId, (tr, locale) => tr('approval-expired', literalParams(params(locale))));
  const requester = op.requestedBy.slice(op.requestedBy.indexOf(':') + 1);
  await core.chat.direct({ platform: op.platform, userId: requester, channelId: op.channelId, operationId: op.id },
    textMessage(t(op.locale, 'approval-expired', literalParams(params(op.locale)))));
  await refreshOperationMessages(core, op.id);
}
