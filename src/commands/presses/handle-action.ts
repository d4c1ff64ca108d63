import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import { userKey, type RequestContext } from '../../domain/identity.ts';
import { formatDate } from '../../messages/format.ts';
import { translator } from '../../messages/i18n.ts';
import { startTest } from '../handlers/test.ts';
import { requestRun } from '../handlers/run.ts';
import { requestRollback } from '../handlers/rollback.ts';
import { cancelOperation } from '../handlers/cancel.ts';
import { type Audit, type Outcome } from '../outcome.ts';
import { textMessage } from '../../messages/model.ts';
import { pressConfirm } from './confirm.ts';
import { pressApproval } from './approve.ts';

/** Finds what a button means in the state database and runs it with the same checks as a command. */
export async function handleAction(core: Core, ctx: RequestContext, actionId: string, typed: string | undefined, audit: Audit): Promise<Outcome> {
  const action = await core.store.actions.get(actionId);
  if (!action) throw new UserError('action-unknown');
  audit.accountId = action.accountId;
  audit.action = `press:${action.kind}`;
  const account = core.config.accounts.find((a) => a.id === action.accountId);
  if (!account) throw new UserError('action-unknown');
  const bound = action.kind === 'confirm-run' || action.kind === 'confirm-rollback' || action.kind === 'cancel-confirmation';
  if (bound) {
    if (action.boundUser !== userKey(ctx.user)) throw new UserError('action-not-yours', { user: action.boundUser?.split(':').slice(1).join(':') ?? '-' });
    if (action.usedAt) throw new UserError('action-used', { user: action.usedBy?.split(':').slice(1).join(':') ?? '-' });
    if (action.expiresAt && action.expiresAt < core.clock.now()) throw new UserError('action-expired', { time: formatDate(action.expiresAt, ctx.locale) });
  }
  switch (action.kind) {
    case 'test':
      return startTest(core, ctx, account, action.migrationId ?? '');
    case 'run':
      return requestRun(core, ctx, account, action.migrationId ?? '');
    case 'rollback':
      return requestRollback(core, ctx, account);
    case 'cancel-operation':
      return cancelOperation(core, ctx, action.operationId ?? '');
    case 'confirm-run':
    case 'confirm-rollback':
      return pressConfirm(core, ctx, action, typed);
    case 'approve':
    case 'reject':
      return pressApproval(core, ctx, action);
    case 'cancel-confirmation': {
      if (!(await core.store.actions.consumeGroup(action.groupId, userKey(ctx.user), core.clock.now()))) throw new UserError('action-used', { user: ctx.user.name ?? ctx.user.id });
      const message = textMessage(translator(ctx.locale)('confirm.cancelled'));
      return { operations: [], replace: message };
    }
    default:
      throw new UserError('action-unknown');
  }
}
