import type { Locale } from './model.ts';
import type { Translate } from './i18n.ts';
import type { OperationReport } from './report-view.ts';
import { formatCount, formatSeconds } from './format.ts';

/**
 * The line a team channel reads when an operation ends well, from the
 * report's facts, in the channel's language: what was copied, whether it
 * was verified, how long the account was frozen. An operation whose report
 * holds none of these (a rollback refused before copying) is named by its id.
 */
export function teamSummary(tr: Translate, locale: Locale, report: OperationReport, operationId: string): string {
  const parts: string[] = [];
  const copy = report.copy;
  if (copy) {
    parts.push(tr('team.summary.copied', { tables: formatCount(copy.totals.tables, locale), rows: formatCount(copy.totals.rows, locale) }));
    parts.push(copy.ok ? tr('team.summary.verified') : tr('team.summary.failures', { count: formatCount(copy.failures.length, locale) }));
  }
  if (report.downtimeMs !== undefined) parts.push(tr('team.summary.downtime', { seconds: formatSeconds(report.downtimeMs, locale) }));
  return parts.length > 0 ? parts.join(', ') : tr('team.summary.operation', { id: operationId });
}
