import type { AccountConfig, MigrationConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import type { RequestContext } from '../../domain/identity.ts';
import { effectivePolicy, findMigration } from '../../domain/catalog.ts';
import { newOperationId } from '../../domain/ids.ts';
import { isAdmin, requirePermission, roleOf } from '../../domain/roles.ts';
import type { CheckGap } from '../../domain/check-policy.ts';
import { plain } from '../../messages/markup.ts';
import { translator, type Translate } from '../../messages/i18n.ts';
import { formatAge, formatBytes, formatDate } from '../../messages/format.ts';
import { busyError } from '../start-operation.ts';
import { createConfirmation } from '../confirmation.ts';
import { reply, type Outcome } from '../outcome.ts';
import { docsLink } from './list.ts';
import { estimateDowntime, onServer, sourceSizes } from './estimates.ts';
import { checkWriters } from '../../operations/writers.ts';
import { enforceCheckPolicy, lastCheckBlocks, lastCheckText } from './check-gate.ts';

/**
 * Refuses early what the press would refuse anyway: busy account, missing
 * test or check, already migrated. `overrideCheck` (an admin's reason) lets
 * a run through the check policy; `checkOverridden` then says what it lacked.
 */
export async function checkRunnable(
  core: Core, account: AccountConfig, migration: MigrationConfig, locale: RequestContext['locale'], overrideCheck?: string,
): Promise<{ serverId: string; lastTestId: string | null; checkOverridden?: CheckGap }> {
  if (!migration.target) throw new UserError('no-target', { migration: migration.id });
  const state = await core.store.accountStates.get(account.id);
  const serverId = state?.serverId ?? account.server;
  if (serverId === migration.target) throw new UserError('already-migrated', { account: account.id, migration: migration.id });
  const holder = await core.store.operations.holderOf(account.id);
  if (holder) throw busyError(core, holder, locale);
  const lastTest = await core.store.operations.latestFinishedTest(account.id, migration.id);
  const missing = missingTest(core, account, migration, lastTest, locale);
  if (missing) throw new UserError('require-test', missing);
  const checkOverridden = await enforceCheckPolicy(core, account, migration, serverId, locale, overrideCheck);
  return { serverId, lastTestId: lastTest?.id ?? null, ...(checkOverridden ? { checkOverridden } : {}) };
}

type FinishedTest = Awaited<ReturnType<Core['store']['operations']['latestFinishedTest']>>;

/**
 * What the policy's `requireTest` lacks (the refusal's params), or undefined
 * when the last test passed recently enough or the policy needs none.
 * Checked when the run is asked for and again when it is approved.
 */
export function missingTest(core: Core, account: AccountConfig, migration: MigrationConfig, lastTest: FinishedTest, locale: RequestContext['locale']): { migration: string; account: string; days: number; last: string } | undefined {
  const { requireTest } = effectivePolicy(migration, account);
  if (!requireTest) return undefined;
  const fresh = lastTest?.status === 'succeeded' && lastTest.finishedAt
    && core.clock.now().getTime() - lastTest.finishedAt.getTime() <= requireTest.withinDays * 86_400_000;
  if (fresh) return undefined;
  const tr = translator(locale);
  const last = lastTest ? `${tr(`status.${lastTest.status}`)} ${formatAge(tr, lastTest.finishedAt ?? lastTest.createdAt, core.clock.now())}` : tr('word.never');
  return { migration: migration.id, account: account.id, days: requireTest.withinDays, last };
}

function lastTestLine(tr: Translate, core: Core, test: FinishedTest): string {
  if (!test) return tr('word.never');
  return `${tr(`status.${test.status}`)} ${formatAge(tr, test.finishedAt ?? test.createdAt, core.clock.now())} (\`${test.id}\`)`;
}

/** `/migrate run`: answers the requester alone with everything to know, and Confirm / Cancel. */
export async function requestRun(core: Core, ctx: RequestContext, account: AccountConfig, migrationId: string, overrideCheck?: string): Promise<Outcome> {
  requirePermission(core.config, account, ctx.user, 'run');
  const migration = findMigration(core.config, account, migrationId);
  if (overrideCheck !== undefined && !isAdmin(core.config, ctx.user)) {
    throw new UserError('override-check-admin', { account: account.id, migration: migration.id, yours: roleOf(core.config, account, ctx.user) ?? '-' });
  }
  const { serverId, lastTestId, checkOverridden } = await checkRunnable(core, account, migration, ctx.locale, overrideCheck);
  const tr = translator(ctx.locale);
  const lastCheck = await core.store.checks.last(account.id, migration.id);
  const sizes = await sourceSizes(core, serverId, account.databases);
  // Told now rather than after the precopy: the executor checks again right before the freeze.
  await onServer(core, serverId, () => checkWriters(core, serverId, account));
  const estimate = await estimateDowntime(core, account.id, sizes.reduce((sum, d) => sum + d.bytes, 0), tr);
  const lastTest = lastTestId ? await core.store.operations.get(lastTestId) : undefined;
  const deadline = new Date(core.clock.now().getTime() + migration.rollbackDays * 86_400_000);
  const docs = docsLink(migration, ctx.locale);
  const incompatibilities = migration.incompatibilities.map((i) => `• ${i[ctx.locale]}`).join('\n');
  const title = tr('confirm.run.title', { account: account.id, to: migration.to });
  const message = await createConfirmation(core, ctx, {
    kind: 'confirm-run', accountId: account.id, migrationId: migration.id, operationId: newOperationId('run'),
    fingerprint: { serverId, lastTestId, runId: null, ...(overrideCheck !== undefined ? { overrideCheck } : {}) },
    typed: effectivePolicy(migration, account).typedConfirmation === true,
    dialogText: tr('confirm.dialog.run', { account: account.id }),
    text: `${title}\n${docs}`,
    blocks: [
      { type: 'header', text: title },
      { type: 'section', text: `*${migration.title[ctx.locale]}* — <${docs}|${tr('list.docs')}>\n${tr('confirm.run.what', { account: account.id, from: serverId, target: migration.target ?? '-', to: migration.to })}` },
      ...(incompatibilities ? [{ type: 'section' as const, text: `*${tr('list.incompatibilities')}*\n${incompatibilities}` }] : []),
      ...lastCheckBlocks(tr, ctx.locale, core.clock.now(), lastCheck, serverId),
      ...(checkOverridden && overrideCheck !== undefined
        ? [{ type: 'section' as const, text: `*${tr('confirm.run.override', { user: plain(ctx.user.name ?? ctx.user.id), reason: plain(overrideCheck) })}*` }] : []),
      { type: 'section', text: '', fields: [
        { label: tr('confirm.run.databases'), value: sizes.map((d) => `${d.name} (${formatBytes(d.bytes)})`).join(', ') },
        { label: tr('confirm.run.downtime'), value: estimate },
        { label: tr('confirm.run.last-test'), value: lastTestLine(tr, core, lastTest) },
        { label: tr('confirm.run.last-check'), value: lastCheckText(tr, core.clock.now(), lastCheck, serverId) },
      ] },
      { type: 'section', text: tr('confirm.run.irreversible', { deadline: formatDate(deadline, ctx.locale), days: migration.rollbackDays }) },
    ],
  });
  await reply(core, ctx, message, true);
  return { operations: [] };
}
