import type { Block, Locale } from './model.ts';
import type { MessageKey, Params, Translate } from './i18n.ts';
import type { CheckReport, CopyReport, ObjectFailure, PostImportReport, ReplayOutcome } from '../drivers/reports.ts';
import { formatBytes, formatCount, formatDate, formatDuration, formatSeconds } from './format.ts';
import { literalParams, plain } from './markup.ts';
import { checkBlocks, postImportBlocks } from './check-summary-view.ts';
import { replayBlocks } from './replay-view.ts';

/** A fact an executor reports, worded by the view in the reader's language: a catalog key and its parameters. */
export interface MessageFact {
  readonly key: MessageKey;
  readonly params?: Params;
}

/** What an operation keeps as its report: the copy report plus where the copy went. */
export interface OperationReport {
  readonly copy?: CopyReport;
  readonly temporaryServer?: { readonly address: string; readonly version: string; readonly expiresAt: string };
  readonly downtimeMs?: number;
  readonly server?: { readonly id: string; readonly version: string };
  /** Facts to show under the report; reports saved by earlier versions hold plain strings, shown as they are. */
  readonly notes?: readonly (MessageFact | string)[];
  /** A test's query replay on the temporary server. */
  readonly replay?: ReplayOutcome;
  /** Set when the operation ran to its end but its result is a failure (failed objects, verification mismatch). */
  readonly failedReason?: string;
  /** The step the failure is shown at (default: verify). */
  readonly failedStep?: string;
  /** A test's compatibility check of the account, before its copy. */
  readonly check?: CheckReport;
  /** A test's checks of the copy on the temporary server. */
  readonly postImport?: PostImportReport;
  /** The same failure as a fact, worded in each reader's language (reports of earlier versions have failedReason alone). */
  readonly failure?: MessageFact;
}

/**
 * A report note in the reader's language (facts since the driver port; plain
 * strings, written by the bot itself, in older reports). A fact's params are
 * names and messages from outside: literal.
 */
export const noteText = (tr: Translate, note: MessageFact | string): string => (typeof note === 'string' ? note : tr(note.key, literalParams(note.params ?? {})));

/** The engine's own codes of a failure: `details` since failures are engine-neutral, top-level fields in older reports. */
const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

function engineCodes(failure: ObjectFailure): { errno: string | number; sqlState: string | number } {
  const stored: Readonly<Record<string, unknown>> = failure;
  const details = isRecord(stored['details']) ? stored['details'] : stored;
  const code = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? value : '-');
  return { errno: code(details['errno']), sqlState: code(details['sqlState']) };
}

function failureBlock(tr: Translate, failures: readonly ObjectFailure[]): Block {
  // Names and server errors come from outside: plain() keeps them from becoming markup or links.
  const shown = failures.map((f) => `• ${tr('report.failure', {
    database: plain(f.database), object: plain(f.object), kind: f.kind, ...engineCodes(f), message: plain(f.message.slice(0, 300)),
  })}\n  \`${plain(f.statement.slice(0, 300).replaceAll('`', "'"))}\``);
  return { type: 'section', text: `*${tr('report.failures', { count: failures.length })}*\n${shown.join('\n')}` };
}

function copyBlocks(tr: Translate, copy: CopyReport): Block[] {
  const blocks: Block[] = [];
  const lines = copy.databases.map((d) => tr('report.database', {
    name: plain(d.name), tables: d.tables, rows: d.rows, size: formatBytes(d.bytes), duration: formatDuration(d.durationMs), failures: d.failures,
  }));
  const rate = copy.durationMs > 0 ? (copy.totals.bytes * 1000) / copy.durationMs : 0;
  lines.push(tr('report.totals', {
    tables: copy.totals.tables, rows: copy.totals.rows, size: formatBytes(copy.totals.bytes), duration: formatDuration(copy.durationMs), rate: formatBytes(rate),
  }));
  if (copy.users.length > 0) lines.push(tr('report.users', { users: copy.users.map((u) => `${plain(u.user)}@${plain(u.host)}${u.ok ? '' : ' ✗'}`).join(', ') }));
  const verified = copy.verification.filter((v) => v.ok).length;
  lines.push(tr('report.verification', { ok: verified, total: copy.verification.length }));
  blocks.push({ type: 'section', text: lines.join('\n') });
  const mismatches = copy.verification.filter((v) => !v.ok);
  if (mismatches.length > 0) {
    blocks.push({ type: 'section', text: mismatches.map((v) => tr('report.mismatch', {
      database: plain(v.database), table: plain(v.table), sourceRows: v.sourceRows, targetRows: v.targetRows, match: v.sourceChecksum === v.targetChecksum ? '=' : '≠',
    })).join('\n') });
  }
  if (copy.failures.length > 0) blocks.push(failureBlock(tr, copy.failures));
  if (copy.compatibilityWarnings.length > 0) {
    const shown = copy.compatibilityWarnings
      .map((w) => `• ${plain(`${w.database}.${w.table}.${w.column}: ${w.kind}`)}${w.count ? ` (${w.count})` : ''} [${plain(w.sqlMode)}]`);
    blocks.push({ type: 'section', text: `*${tr('report.compat')}*\n${shown.join('\n')}` });
  }
  // Reports saved before the port existed have no `outsideSnapshot` (their warnings say it).
  const stored: Readonly<Record<string, unknown>> = copy;
  const outside = Array.isArray(stored['outsideSnapshot']) ? copy.outsideSnapshot : [];
  const warnings = [...(outside.length > 0 ? [tr('report.outside-snapshot', { tables: outside.map(plain).join(', ') })] : []), ...copy.warnings.map(plain)];
  if (warnings.length > 0) {
    blocks.push({ type: 'context', text: `${tr('report.warnings')}: ${warnings.join(' · ')}` });
  }
  return blocks;
}

/** The report part of an operation message. */
export function reportBlocks(tr: Translate, report: OperationReport, locale: Locale): Block[] {
  // In the order a test ran them: the compatibility check, the copy, the checks of the copy.
  const blocks: Block[] = [
    ...(report.check ? checkBlocks(tr, report.check, locale) : []),
    ...(report.copy ? copyBlocks(tr, report.copy) : []),
    ...(report.postImport ? postImportBlocks(tr, report.postImport) : []),
  ];
  if (report.temporaryServer) {
    blocks.push({ type: 'section', text: tr('report.server', {
      address: plain(report.temporaryServer.address), version: plain(report.temporaryServer.version), expires: formatDate(new Date(report.temporaryServer.expiresAt), locale),
    }) });
  }
  if (report.replay) blocks.push(...replayBlocks(tr, report.replay));
  if (report.downtimeMs !== undefined) blocks.push({ type: 'section', text: tr('report.downtime', { seconds: (report.downtimeMs / 1000).toFixed(1) }) });
  for (const note of report.notes ?? []) blocks.push({ type: 'context', text: noteText(tr, note) });
  return blocks;
}

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
