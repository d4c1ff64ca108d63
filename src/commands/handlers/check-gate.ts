/**
 * The account's last `/migrate check` where a run is decided: its line in
 * `/migrate list` and in the run's confirmation, its blockers and warnings
 * listed there, and the `requireCheck` policy (which an admin may override
 * with a reason, audited when the run is confirmed).
 */
import type { AccountConfig, MigrationConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import { UserError } from '../../errors.ts';
import { userKey, type RequestContext } from '../../domain/identity.ts';
import { effectivePolicy } from '../../domain/catalog.ts';
import { checkGap, type CheckGap } from '../../domain/check-policy.ts';
import { findingLine } from '../../messages/check-view.ts';
import { translator, type Translate } from '../../messages/i18n.ts';
import { formatAge } from '../../messages/format.ts';
import type { Block, Locale } from '../../messages/model.ts';
import type { StoredCheck } from '../../state/check-results-repo.ts';

/** "checked 3 min ago: 0 blockers, 2 warnings", or where it was checked when the account moved since, or "never checked". */
export function lastCheckText(tr: Translate, now: Date, last: StoredCheck | undefined, serverId: string): string {
  if (!last) return tr('check.never');
  const age = formatAge(tr, last.checkedAt, now);
  if (last.serverId !== serverId) return tr('check.summary.other-server', { age, server: last.serverId });
  return tr('check.summary', { age, blockers: last.counts.blocker, warnings: last.counts.warning });
}

/** The last check's blockers and warnings, one line each, for the run's confirmation (notices stay in the check's answer). */
export function lastCheckBlocks(tr: Translate, locale: Locale, now: Date, last: StoredCheck | undefined, serverId: string): Block[] {
  if (!last || last.serverId !== serverId) return [];
  // Blockers first: they are what stops the run.
  const serious = [...last.report.findings.filter((f) => f.severity === 'blocker'), ...last.report.findings.filter((f) => f.severity === 'warning')];
  if (serious.length === 0) return [];
  const shown = serious.slice(0, 10).map((f) => findingLine(tr, locale, f));
  const rest = serious.length - shown.length;
  const title = tr('confirm.run.check-findings', { age: formatAge(tr, last.checkedAt, now) });
  return [{ type: 'section', text: `*${title}*\n${shown.join('\n')}${rest > 0 ? `\n${tr('check.more-findings', { count: rest })}` : ''}` }];
}

/**
 * Refuses a run the `requireCheck` policy does not allow. With an admin's
 * `override` reason it lets the run through and returns the gap the
 * override bypassed (the caller audits it); undefined when nothing was
 * lacking. `serverId` is where the account is now.
 */
export async function enforceCheckPolicy(
  core: Core, account: AccountConfig, migration: MigrationConfig, serverId: string, locale: RequestContext['locale'], override?: string,
): Promise<CheckGap | undefined> {
  const last = await core.store.checks.last(account.id, migration.id);
  const now = core.clock.now();
  const missing = checkGap(effectivePolicy(migration, account), last && { serverId: last.serverId, blockers: last.counts.blocker, checkedAt: last.checkedAt }, serverId, now);
  if (!missing) return undefined;
  if (override !== undefined) return missing.gap;
  const tr = translator(locale);
  const names = { migration: migration.id, account: account.id, last: lastCheckText(tr, now, last, serverId) };
  if (missing.withinDays !== undefined) throw new UserError('require-check-within', { ...names, days: missing.withinDays });
  throw new UserError('require-check', names);
}

/**
 * At approval, `requireCheck` again (as `requireTest`): the run is refused
 * when the policy no longer holds (a check found blockers since, or grew
 * too old), unless an admin's override let this very run through.
 */
export async function checkRefusalAtApproval(
  core: Core, account: AccountConfig, migration: MigrationConfig, run: { id: string; sourceServer: string | null }, locale: RequestContext['locale'],
): Promise<UserError | undefined> {
  if (await core.store.audit.has(account.id, 'override-check', `${run.id} `)) return undefined;
  try {
    await enforceCheckPolicy(core, account, migration, run.sourceServer ?? account.server, locale);
    return undefined;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return new UserError('approval-check-stale', { operation: run.id, account: account.id, migration: migration.id, last: String(error.params['last'] ?? '-') });
  }
}

/** The audit line of an override that let a run through: which run, what the policy lacked, the admin's reason. */
export async function auditOverride(core: Core, ctx: RequestContext, accountId: string, operationId: string, gap: CheckGap, reason: string): Promise<void> {
  await core.store.audit.record({
    platform: ctx.user.platform, userId: userKey(ctx.user), accountId, action: 'override-check', result: 'ok',
    detail: `${operationId} ${gap}: ${reason}`.slice(0, 1000),
  }, core.clock.now());
}
