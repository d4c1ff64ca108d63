/**
 * The answer of `/migrate check`: findings grouped by severity (blockers,
 * warnings, notices), each with its rule id, title, explanation, affected
 * objects, fix and documentation link, in the reader's language (the rule's
 * texts travel with the finding). Chat gets a bounded message: a few
 * objects per finding and a count of the rest; the whole reports ride along
 * in `check` for the terminal's --json. Object names and details come from
 * the account's servers: always literal text, never markup or a link.
 */
import type { AffectedObject, CheckFinding, CheckReport, CheckSeverity } from '../drivers/reports.ts';
import { checkSeverities } from '../drivers/reports.ts';
import type { Translate } from './i18n.ts';
import { formatSeconds } from './format.ts';
import { plain } from './markup.ts';
import type { Block, Locale, Message } from './model.ts';

/** One direction of a check as the view needs it: the server read, the target configured (or the old server), the report. */
export interface CheckDirectionView {
  readonly serverId: string;
  readonly targetServerId: string | null;
  readonly report: CheckReport;
}

export interface CheckViewInput {
  readonly accountId: string;
  readonly migrationId: string;
  readonly upgrade: CheckDirectionView;
  readonly rollback?: CheckDirectionView;
}

/** Chat limits (Slack: 50 blocks; Discord: 6,000 characters): a few objects per finding, a bounded number of findings. */
export interface CheckViewLimits {
  readonly objects: number;
  readonly findings: number;
}
const chatLimits: CheckViewLimits = { objects: 5, findings: 24 };

/** A server's version as people say it: '11.8.9' of '11.8.9-MariaDB-0+deb13u1 from Debian'; the report keeps the whole string. */
export function shortVersion(version: string): string {
  return plain(/^\d+(\.\d+)*/.exec(version.trim())?.[0] ?? version);
}

/** `db.table.column (line 3): detail`, every part literal. */
export function objectText(tr: Translate, object: AffectedObject): string {
  const name = [object.database, object.object, object.column].filter((part) => part !== undefined && part !== '').join('.');
  const parts = [
    name === '' ? '' : `\`${plain(name)}\``,
    object.line === undefined ? '' : `(${tr('check.line', { line: object.line })})`,
  ].filter((p) => p !== '').join(' ');
  const detail = object.detail === undefined ? '' : plain(object.detail.slice(0, 300));
  return parts === '' ? detail : detail === '' ? parts : `${parts}: ${detail}`;
}

/** One line naming a finding: `[blocker] Title (`rule-id`): 3 objects` (the run and rollback confirmations list these). */
export function findingLine(tr: Translate, locale: Locale, finding: CheckFinding): string {
  return `• [${tr(`check.label.${finding.severity}`)}] ${plain(finding.text[locale].title)} (\`${plain(finding.rule)}\`): ${finding.objects.length}`;
}

function findingBlock(tr: Translate, locale: Locale, finding: CheckFinding, maxObjects: number): Block {
  const text = finding.text[locale];
  const shown = finding.objects.slice(0, maxObjects).map((o) => `• ${objectText(tr, o)}`);
  const rest = finding.objects.length - shown.length;
  const lines = [
    `*${plain(text.title)}* — \`${plain(finding.rule)}\``,
    plain(text.explanation),
    ...shown,
    ...(rest > 0 ? [tr('check.more-objects', { count: rest })] : []),
    `*${tr('check.fix')}* ${plain(text.fix)}`,
    `<${finding.docs}|${tr('list.docs')}>`,
  ];
  return { type: 'section', text: lines.join('\n') };
}

/** What the check read: the rule set, the versions, the server, and whether the target's settings were compared. */
function ranText(tr: Translate, locale: Locale, view: CheckDirectionView): string {
  const { report } = view;
  const ran = tr('check.ran', {
    rules: report.rulesRun.length, from: shortVersion(report.sourceVersion), to: shortVersion(report.targetVersion),
    server: view.serverId, seconds: formatSeconds(report.durationMs, locale),
  });
  const target = view.targetServerId === null ? tr('check.no-target')
    : tr(report.targetRead ? 'check.target-read' : 'check.target-unread', { server: view.targetServerId });
  return `${ran} ${target}`;
}

export function countsText(tr: Translate, report: CheckReport): string {
  const count = (severity: CheckSeverity) => report.findings.filter((f) => f.severity === severity).length;
  return tr('check.counts', { blockers: count('blocker'), warnings: count('warning'), notices: count('notice') });
}

/** The blocks of one direction, at most `budget.left` findings of it (the budget is shared by both directions). */
function directionBlocks(tr: Translate, locale: Locale, input: CheckViewInput, view: CheckDirectionView, limits: CheckViewLimits, budget: { left: number }): Block[] {
  const { report } = view;
  const blocks: Block[] = [{ type: 'section', text: `*${countsText(tr, report)}*\n${ranText(tr, locale, view)}` }];
  if (report.findings.length === 0) {
    const clean = report.direction === 'rollback' ? 'check.rollback.clean' : 'check.clean';
    blocks.push({ type: 'section', text: tr(clean, { account: input.accountId, to: shortVersion(report.targetVersion) }) });
    return blocks;
  }
  let hidden = 0;
  for (const severity of checkSeverities) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    const shown = findings.slice(0, Math.max(0, budget.left));
    hidden += findings.length - shown.length;
    budget.left -= shown.length;
    if (shown.length === 0) continue;
    blocks.push({ type: 'section', text: `*${tr(`check.severity.${severity}`)} (${findings.length})*` });
    for (const finding of shown) blocks.push(findingBlock(tr, locale, finding, limits.objects));
  }
  if (hidden > 0) blocks.push({ type: 'context', text: tr('check.more-findings', { count: hidden }) });
  return blocks;
}

/** The plain-text version: the counts and one line per finding, each direction. */
function fallbackText(tr: Translate, locale: Locale, title: string, input: CheckViewInput): string {
  const lines = [title];
  for (const view of [input.upgrade, ...(input.rollback ? [input.rollback] : [])]) {
    if (view.report.direction === 'rollback') lines.push(tr('check.rollback.title', { from: shortVersion(view.report.sourceVersion), to: shortVersion(view.report.targetVersion) }));
    lines.push(countsText(tr, view.report));
    lines.push(...view.report.findings.map((f) => findingLine(tr, locale, f)));
  }
  return lines.join('\n');
}

/** The answer of `/migrate check`, in the reader's language. */
export function checkMessage(tr: Translate, locale: Locale, input: CheckViewInput, limits: CheckViewLimits = chatLimits): Message {
  const title = tr('check.title', { account: input.accountId, migration: input.migrationId });
  const budget = { left: limits.findings };
  const blocks: Block[] = [{ type: 'header', text: title }, ...directionBlocks(tr, locale, input, input.upgrade, limits, budget)];
  if (input.rollback) {
    const { report } = input.rollback;
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: `*${tr('check.rollback.title', { from: shortVersion(report.sourceVersion), to: shortVersion(report.targetVersion) })}*` });
    blocks.push(...directionBlocks(tr, locale, input, input.rollback, limits, budget));
  }
  const all = [input.upgrade, ...(input.rollback ? [input.rollback] : [])];
  const truncated = all.some((v) => v.report.findings.some((f) => f.objects.length > limits.objects))
    || all.reduce((n, v) => n + v.report.findings.length, 0) > limits.findings;
  if (truncated) blocks.push({ type: 'context', text: tr('check.full-report') });
  return {
    text: fallbackText(tr, locale, title, input), blocks, locale,
    check: { accountId: input.accountId, migrationId: input.migrationId, reports: all.map((v) => v.report) },
  };
}
