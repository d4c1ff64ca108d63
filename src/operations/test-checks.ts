/**
 * The two checks a test import adds around its copy: the migration's
 * compatibility rules before it (what `/migrate check` says, with the
 * temporary server's real settings as the target's), and the post-import
 * checks after it (what the new version refuses of the copy). Both are
 * journaled: a resumed test reports what they found the first time.
 */
import type { AccountConfig, MigrationConfig } from '../config/schema.ts';
import type { DatabaseDriver, Endpoint } from '../drivers/driver.ts';
import type { CheckReport, PostImportReport } from '../drivers/reports.ts';
import { accountUsers } from './account-users.ts';
import { definersOf } from './definers.ts';
import type { OperationContext } from './context.ts';
import { testSteps } from './steps/declarations.ts';
import type { MessageFact } from '../messages/report-view.ts';

/** The account on its current server against the temporary server: read only on both. */
export function checkBeforeCopy(ctx: OperationContext, plan: {
  account: AccountConfig; migration: MigrationConfig; sourceId: string; source: Endpoint; target: Endpoint; targetVersion: string;
}): Promise<CheckReport> {
  const driver = ctx.core.engine.driverOf(plan.sourceId);
  return ctx.step(testSteps.check, async () => driver.checkAccount({
    source: plan.source, target: plan.target, databases: plan.account.databases, users: accountUsers(plan.account),
    fromVersion: await driver.serverVersion(plan.source), toVersion: plan.targetVersion,
    direction: 'upgrade', disabledRules: plan.migration.checks.disabled, definers: definersOf(plan.account, plan.migration), signal: ctx.signal,
  }));
}

/** The copy on the temporary server, object by object; never the account's server. */
export function checkAfterCopy(ctx: OperationContext, driver: DatabaseDriver, target: Endpoint, databases: readonly string[]): Promise<PostImportReport> {
  return ctx.step(testSteps.postImport, () => driver.postImportChecks({
    target, databases, signal: ctx.signal,
    onObject: (_done, _total, object) => ctx.progress({ step: testSteps.postImport.name, table: object }),
  }));
}

/** Why a test that ran to its end failed, or undefined when it passed (check findings inform, they do not fail a test). */
export function testFailure(
  copy: { ok: boolean; failures: readonly unknown[] }, postImport: PostImportReport,
): { reason: string; step: string; fact: MessageFact } | undefined {
  if (!copy.ok) {
    const count = copy.failures.length;
    return count > 0
      ? { reason: `${count} objects failed`, step: testSteps.verify.name, fact: { key: 'op.failed-objects', params: { count } } }
      : { reason: 'verification found differences', step: testSteps.verify.name, fact: { key: 'op.failed-differences' } };
  }
  const count = postImport.failures.length;
  if (count > 0) return { reason: `${count} objects failed the post-import checks`, step: testSteps.postImport.name, fact: { key: 'op.failed-post-import', params: { count } } };
  return undefined;
}
