import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import { userKey, type RequestContext } from '../../domain/identity.ts';
import { effectivePolicy } from '../../domain/catalog.ts';
import { shortId } from '../../domain/ids.ts';
import { notifyTeam } from '../../operations/notifier.ts';
import { scheduleApprovalExpiry } from '../../operations/approval-expiry.ts';
import { translator } from '../../messages/i18n.ts';
import { plain } from '../../messages/markup.ts';
import type { ActionRow } from '../../state/actions-repo.ts';
import type { Fingerprint } from '../confirmation.ts';
import { checkRunnable } from '../handlers/run.ts';
import { openRollbackWindow } from '../handlers/rollback.ts';
import { startOperation } from '../start-operation.ts';
import { isAdmin, requirePermission, roleOf } from '../../domain/roles.ts';
import type { CheckGap } from '../../domain/check-policy.ts';
import { auditOverride } from '../handlers/check-gate.ts';
import type { Outcome } from '../outcome.ts';
import { textMessage } from '../../messages/model.ts';

function sameFingerprint(a: Fingerprint, b: Fingerprint): string | null {
  if (a.serverId !== b.serverId) return `server ${a.serverId} → ${b.serverId}`;
  if (a.lastTestId !== b.lastTestId) return `last test ${a.lastTestId ?? '-'} → ${b.lastTestId ?? '-'}`;
  if (a.runId !== b.runId) return `run ${a.runId ?? '-'} → ${b.runId ?? '-'}`;
  return null;
}

/**
 * Confirm of a run or rollback. Checked again when pressed (same user, not
 * expired, the user's role as the config says now, same server, same last
 * test, typed name), then consumed by a compare-and-set so 20 concurrent
 * presses start one operation.
 */
export async function pressConfirm(core: Core, ctx: RequestContext, action: ActionRow, typed: string | undefined): Promise<Outcome> {
  const account = core.config.accounts.find((a) => a.id === action.accountId);
  const migration = core.config.migrations.find((m) => m.id === action.migrationId);
  if (!account || !migration || !action.operationId) throw new UserError('action-unknown');
  // The confirmation outlives the role it was made with: a user demoted since must not use it.
  requirePermission(core.config, account, ctx.user, action.kind === 'confirm-run' ? 'run' : 'rollback');
  const override = action.kind === 'confirm-run' ? (action.fingerprint as Fingerprint).overrideCheck : undefined;
  // An override of the check policy is an admin's decision: still an admin when Confirm is pressed.
  if (override !== undefined && !isAdmin(core.config, ctx.user)) {
    throw new UserError('override-check-admin', { account: account.id, migration: migration.id, yours: roleOf(core.config, account, ctx.user) ?? '-' });
  }
  const { current, checkOverridden } = await currentFingerprint(core, ctx, action, override);
  const changed = sameFingerprint(action.fingerprint as Fingerprint, current);
  if (changed) throw new UserError('action-stale', { what: changed });
  const policy = effectivePolicy(migration, account);
  if (action.kind === 'confirm-run' && policy.typedConfirmation && typed?.trim() !== account.id) {
    throw new UserError('typed-mismatch', { typed: (typed ?? '').slice(0, 40), account: account.id });
  }
  if (!(await core.store.actions.consumeGroup(action.groupId, userKey(ctx.user), core.clock.now()))) {
    throw new UserError('action-used', { user: ctx.user.name ?? ctx.user.id });
  }
  const needsApproval = action.kind === 'confirm-run' && policy.approval === true;
  const op = await startOperation(core, ctx, {
    id: action.operationId, kind: action.kind === 'confirm-run' ? 'run' : 'rollback', accountId: account.id, migrationId: migration.id,
    status: needsApproval ? 'pending_approval' : 'queued',
    sourceServer: current.serverId,
    targetServer: action.kind === 'confirm-run' ? migration.target ?? null : null,
    relatedOperationId: action.kind === 'confirm-run' ? current.lastTestId : current.runId,
  }).catch(async (error: unknown) => {
    // The account became busy between the check and the press: give the confirmation back.
    await core.store.actions.releaseGroup(action.groupId);
    throw error;
  });
  if (checkOverridden && override !== undefined) await auditOverride(core, ctx, account.id, op.id, checkOverridden, override);
  const user = plain(ctx.user.name ?? ctx.user.id);
  if (needsApproval) {
    await scheduleApprovalExpiry(core, op);
    await requestApproval(core, ctx, op.id, account.id, migration.id);
  }
  else if (op.kind === 'run') await notifyTeam(core, account.id, (t) => t('team.requested', { user, migration: migration.id, account: account.id }));
  const tr = translator(ctx.locale);
  return { operations: [op.id], replace: textMessage(tr('confirm.accepted', { id: op.id, status: tr(`status.${op.status}`) })) };
}

/** The fingerprint as things are now; for a run, also what an override of the check policy bypasses. */
async function currentFingerprint(core: Core, ctx: RequestContext, action: ActionRow, override: string | undefined): Promise<{ current: Fingerprint; checkOverridden?: CheckGap }> {
  const account = core.config.accounts.find((a) => a.id === action.accountId);
  const migration = core.config.migrations.find((m) => m.id === action.migrationId);
  if (!account || !migration) throw new UserError('action-unknown');
  if (action.kind === 'confirm-run') {
    const { serverId, lastTestId, checkOverridden } = await checkRunnable(core, account, migration, ctx.locale, override);
    return { current: { serverId, lastTestId, runId: null }, ...(checkOverridden ? { checkOverridden } : {}) };
  }
  const state = await openRollbackWindow(core, account, ctx.locale);
  return { current: { serverId: state.serverId, lastTestId: null, runId: state.runId } };
}

/** Posts Approve / Reject to the team channels; any owner or admin but the requester may press. */
async function requestApproval(core: Core, ctx: RequestContext, operationId: string, accountId: string, migrationId: string): Promise<void> {
  const groupId = shortId(12);
  const now = core.clock.now();
  const approveId = `a-${shortId(12)}`;
  const rejectId = `r-${shortId(12)}`;
  const common = { accountId, migrationId, operationId, groupId, createdAt: now };
  await core.store.actions.create([{ ...common, id: approveId, kind: 'approve' }, { ...common, id: rejectId, kind: 'reject' }]);
  const account = core.config.accounts.find((a) => a.id === accountId);
  const tr = translator(core.config.locale);
  const text = tr('team.approval-needed', { user: plain(ctx.user.name ?? ctx.user.id), migration: migrationId, account: accountId });
  const message = {
    text, locale: core.config.locale,
    blocks: [
      { type: 'section' as const, text },
      { type: 'actions' as const, buttons: [
        { actionId: approveId, label: tr('button.approve'), style: 'primary' as const, review: { title: tr('button.approve'), text, submit: tr('button.approve'), close: tr('button.cancel') } },
        { actionId: rejectId, label: tr('button.reject'), style: 'danger' as const, review: { title: tr('button.reject'), text, submit: tr('button.reject'), close: tr('button.cancel') } },
      ] },
    ],
  };
  const channels = new Set([...(account?.channels[ctx.user.platform] ?? []), ctx.channelId]);
  for (const channelId of channels) await core.chat.post({ platform: ctx.user.platform, channelId }, message);
}
