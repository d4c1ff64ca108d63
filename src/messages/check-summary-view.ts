/**
 * The test report's summaries of its two checks: the compatibility check's
 * findings (severity, the rule's title in the reader's language, the first
 * objects) and the post-import checks' failures on the temporary server.
 * Short on purpose: a report is one chat message; `/migrate check` explains.
 */
import type { AffectedObject, CheckFinding, CheckReport, CheckSeverity, PostImportReport } from '../drivers/reports.ts';
import type { Translate } from './i18n.ts';
import { plain } from './markup.ts';
import type { Block, Locale } from './model.ts';

/** Findings listed, objects named per finding, failures listed, characters per name: beyond, a count says how many more. */
const FINDINGS_SHOWN = 15;
const OBJECTS_SHOWN = 5;
const FAILURES_SHOWN = 20;
const NAME_CHARS = 120;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** How a reader names an affected object: `db.table.column:line (detail)`, or the detail alone for a server setting. */
export function objectLabel(object: AffectedObject): string {
  const name = [object.database, object.object, object.column].filter((part) => part !== undefined && part !== '').join('.');
  const line = object.line !== undefined ? `:${object.line}` : '';
  const detail = object.detail ? (name ? ` (${object.detail})` : object.detail) : '';
  return clip(`${name}${line}${detail}`, NAME_CHARS);
}

/** The first `shown` items, then '… and N more' when there are others. */
function listed(tr: Translate, items: readonly string[], shown: number): string[] {
  return items.length <= shown ? [...items] : [...items.slice(0, shown), tr('report.check-more', { count: items.length - shown })];
}

const severityOrder: readonly CheckSeverity[] = ['blocker', 'warning', 'notice'];

function findingLine(tr: Translate, locale: Locale, finding: CheckFinding): string {
  const objects = listed(tr, finding.objects.map((o) => plain(objectLabel(o))), OBJECTS_SHOWN).join(', ');
  const title = plain(finding.text[locale].title);
  return `• ${tr('report.check-finding', { severity: tr(`report.check-severity.${finding.severity}`), title })}${objects ? ` — ${objects}` : ''}`;
}

/** The compatibility check of a test: counts by severity, then one line per finding, blockers first. */
export function checkBlocks(tr: Translate, report: CheckReport, locale: Locale): Block[] {
  const count = (severity: CheckSeverity) => report.findings.filter((f) => f.severity === severity).length;
  if (report.findings.length === 0) return [{ type: 'section', text: tr('report.check-clean', { rules: report.rulesRun.length }) }];
  const header = tr('report.check', { rules: report.rulesRun.length, blockers: count('blocker'), warnings: count('warning'), notices: count('notice') });
  const sorted = [...report.findings].sort((a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity));
  return [{ type: 'section', text: [header, ...listed(tr, sorted.map((f) => findingLine(tr, locale, f)), FINDINGS_SHOWN)].join('\n') }];
}

/** The post-import checks of a test: what was looked at, then each object the new version refused. */
export function postImportBlocks(tr: Translate, report: PostImportReport): Block[] {
  const { tables, views, routines, triggers, events } = report.checked;
  const header = tr('report.post-import', { tables, views, routines, triggers, events, failed: report.failures.length });
  const code = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? value : '-');
  // Names and server errors come from outside: plain() keeps them from becoming markup.
  const lines = report.failures.map((f) => `• ${tr('report.post-import-failure', {
    database: plain(f.database), object: plain(clip(f.object, NAME_CHARS)), kind: f.kind, check: tr(`report.post-import-check.${f.check}`),
    errno: code(f.details['errno']), sqlState: code(f.details['sqlState']), message: plain(f.message.slice(0, 300)),
  })}`);
  return [{ type: 'section', text: [header, ...listed(tr, lines, FAILURES_SHOWN)].join('\n') }];
}
