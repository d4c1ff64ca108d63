import { and, eq } from 'drizzle-orm';
import { checkResults } from '../../drizzle/schema.ts';
import { checkReportSchema, type CheckReport, type CheckSeverity } from '../drivers/reports.ts';
import type { StateDb } from './db.ts';

export type CheckDirection = CheckReport['direction'];

/** The last check of one account, migration and direction, its report validated. */
export interface StoredCheck {
  readonly accountId: string;
  readonly migrationId: string;
  readonly direction: CheckDirection;
  readonly serverId: string;
  readonly counts: Readonly<Record<CheckSeverity, number>>;
  readonly report: CheckReport;
  readonly requestedBy: string;
  readonly checkedAt: Date;
}

/** How many findings of each severity a report holds. */
export function severityCounts(report: CheckReport): Record<CheckSeverity, number> {
  const counts: Record<CheckSeverity, number> = { blocker: 0, warning: 0, notice: 0 };
  for (const finding of report.findings) counts[finding.severity] += 1;
  return counts;
}

/** The last `/migrate check` per account, migration and direction; a new check replaces the previous one. */
export class CheckResultsRepo {
  constructor(private readonly db: StateDb) {}

  async save(check: { accountId: string; migrationId: string; serverId: string; report: CheckReport; requestedBy: string }, now: Date): Promise<void> {
    const counts = severityCounts(check.report);
    const row = {
      accountId: check.accountId, migrationId: check.migrationId, direction: check.report.direction, serverId: check.serverId,
      blockers: counts.blocker, warnings: counts.warning, notices: counts.notice, report: check.report, requestedBy: check.requestedBy, checkedAt: now,
    };
    await this.db.insert(checkResults).values(row).onDuplicateKeyUpdate({ set: row });
  }

  /**
   * The last check, or undefined when there is none. A stored report that
   * no longer matches the schema (written by something else) counts as
   * none: the policy then asks for a new check rather than trust it.
   */
  async last(accountId: string, migrationId: string, direction: CheckDirection = 'upgrade'): Promise<StoredCheck | undefined> {
    const [row] = await this.db.select().from(checkResults).where(and(
      eq(checkResults.accountId, accountId), eq(checkResults.migrationId, migrationId), eq(checkResults.direction, direction)));
    if (!row) return undefined;
    const parsed = checkReportSchema.safeParse(row.report);
    if (!parsed.success) return undefined;
    return {
      accountId: row.accountId, migrationId: row.migrationId, direction, serverId: row.serverId,
      counts: { blocker: row.blockers, warning: row.warnings, notice: row.notices },
      report: parsed.data, requestedBy: row.requestedBy, checkedAt: row.checkedAt,
    };
  }
}
