import type { AccountConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import { UserError, errorMessage } from '../../errors.ts';
import type { RequestContext } from '../../domain/identity.ts';
import { newOperationId } from '../../domain/ids.ts';
import { accountPhase, type RollbackOpen } from '../../domain/account-phase.ts';
import { requirePermission } from '../../domain/roles.ts';
import { translator } from '../../messages/i18n.ts';
import { formatDate } from '../../messages/format.ts';
import { findingLine, shortVersion } from '../../messages/check-view.ts';
import { plain } from '../../messages/markup.ts';
import type { Block } from '../../messages/model.ts';
import { checkRollback } from '../../operations/check-account.ts';
import { busyError } from '../start-operation.ts';
import { createConfirmation } from '../confirmation.ts';
import { reply, type Outcome } from '../outcome.ts';
import { checkWriters } from '../../operations/writers.ts';
import { onServer } from './estimates.ts';

/**
 * The rollback window, enforced here from the state database whatever a
 * button still shows: a migrated account, not rolled back, before its deadline.
 */
export async function openRollbackWindow(core: Core, account: AccountConfig, locale: RequestContext['locale']): Promise<RollbackOpen> {
  const phase = accountPhase(await core.store.accountStates.get(account.id), core.clock.now());
  if (phase.phase === 'never-migrated' || phase.phase === 'rolled-back') throw new UserError('rollback-none', { account: account.id });
  if (phase.phase === 'rollback-closed') throw new UserError('rollback-closed', { account: account.id, date: formatDate(phase.closedAt, locale) });
  const holder = await core.store.operations.holderOf(account.id);
  if (holder) throw busyError(core, holder, locale);
  return phase;
}

/**
 * A fresh check of the rollback direction for the confirmation (read only,
 * seconds): its blockers and warnings, so nobody presses Confirm to be
 * refused. A check that cannot run says so and does not stop the rollback,
 * which checks what the old server cannot take before it starts.
 */
async function rollbackCheckBlocks(core: Core, account: AccountConfig, state: RollbackOpen, locale: RequestContext['locale']): Promise<Block[]> {
  const tr = translator(locale);
  const migration = core.config.migrations.find((m) => m.id === state.migrationId);
  if (!migration) return [];
  try {
    const { report } = await checkRollback(core, account, migration, state);
    const serious = report.findings.filter((f) => f.severity !== 'notice');
    if (serious.length === 0) {
      return [{ type: 'section', text: tr('confirm.rollback.check-clean', { server: state.previousServerId, version: shortVersion(report.targetVersion) }) }];
    }
    const lines = serious.slice(0, 10).map((f) => findingLine(tr, locale, f));
    if (serious.length > 10) lines.push(tr('check.more-findings', { count: serious.length - 10 }));
    return [{ type: 'section', text: `*${tr('confirm.rollback.check', { server: state.previousServerId })}*\n${lines.join('\n')}` }];
  } catch (error) {
    const reason = error instanceof UserError ? tr(error.code, error.params) : errorMessage(error);
    return [{ type: 'context', text: tr('confirm.rollback.check-failed', { reason: plain(reason.slice(0, 300)) }) }];
  }
}

/** `/migrate rollback` and the Rollback button: a confirmation for the requester alone. */
export async function requestRollback(core: Core, ctx: RequestContext, account: AccountConfig): Promise<Outcome> {
  requirePermission(core.config, account, ctx.user, 'rollback');
  const state = await openRollbackWindow(core, account, ctx.locale);
  // The rollback freezes the account on the server it is on now; the executor checks again right before.
  await onServer(core, state.serverId, () => checkWriters(core, state.serverId, account));
  const tr = translator(ctx.locale);
  const title = tr('confirm.rollback.title', { account: account.id, server: state.previousServerId });
  const message = await createConfirmation(core, ctx, {
    kind: 'confirm-rollback', accountId: account.id, migrationId: state.migrationId, operationId: newOperationId('rollback'),
    fingerprint: { serverId: state.serverId, lastTestId: null, runId: state.runId },
    typed: false,
    dialogText: tr('confirm.dialog.rollback', { account: account.id, server: state.previousServerId }),
    text: title,
    blocks: [
      { type: 'header', text: title },
      { type: 'section', text: tr('confirm.rollback.what', { account: account.id, current: state.serverId, server: state.previousServerId, deadline: formatDate(state.deadline, ctx.locale) }) },
      ...await rollbackCheckBlocks(core, account, state, ctx.locale),
    ],
  });
  await reply(core, ctx, message, true);
  return { operations: [] };
}
