import type { Block, Locale } from './model.ts';
import type { Translate } from './i18n.ts';
import type { CopyReport } from '../drivers/mariadb/copier/types.ts';
import { formatBytes, formatDate, formatDuration } from './format.ts';

/** What an operation keeps as its report: the copy report plus where the copy went. */
export interface OperationReport {
  readonly copy?: CopyReport;
  readonly temporaryServer?: { readonly address: string; readonly version: string; readonly expiresAt: string };
  readonly downtimeMs?: number;
  readonly server?: { readonly id: string; readonly version: string };
  readonly notes?: readonly string[];
  /** Set when the operation ran to its end but its result is a failure (failed objects, verification mismatch). */
  readonly failedReason?: string;
}

function copyBlocks(tr: Translate, copy: CopyReport): Block[] {
  const blocks: Block[] = [];
  const lines = copy.databases.map((d) => tr('report.database', {
    name: d.name, tables: d.tables, rows: d.rows, size: formatBytes(d.bytes), duration: formatDuration(d.durationMs), failures: d.failures,
  }));
  const rate = copy.durationMs > 0 ? (copy.totals.bytes * 1000) / copy.durationMs : 0;
  lines.push(tr('report.totals', {
    tables: copy.totals.tables, rows: copy.totals.rows, size: formatBytes(copy.totals.bytes), duration: formatDuration(copy.durationMs), rate: formatBytes(rate),
  }));
  if (copy.users.length > 0) lines.push(tr('report.users', { users: copy.users.map((u) => `${u.user}@${u.host}${u.ok ? '' : ' ✗'}`).join(', ') }));
  const verified = copy.verification.filter((v) => v.ok).length;
  lines.push(tr('report.verification', { ok: verified, total: copy.verification.length }));
  blocks.push({ type: 'section', text: lines.join('\n') });
  const mismatches = copy.verification.filter((v) => !v.ok);
  if (mismatches.length > 0) {
    blocks.push({ type: 'section', text: mismatches.map((v) => tr('report.mismatch', {
      database: v.database, table: v.table, sourceRows: v.sourceRows ?? '?', targetRows: v.targetRows ?? '?', match: v.sourceChecksum === v.targetChecksum ? '=' : '≠',
    })).join('\n') });
  }
  if (copy.failures.length > 0) {
    const shown = copy.failures.map((f) => `• ${tr('report.failure', {
      database: f.database, object: f.object, kind: f.kind, errno: f.errno ?? '-', sqlState: f.sqlState ?? '-', message: f.message.slice(0, 300),
    })}\n  \`${f.statement.slice(0, 300)}\``);
    blocks.push({ type: 'section', text: `*${tr('report.failures', { count: copy.failures.length })}*\n${shown.join('\n')}` });
  }
  if (copy.compatibilityWarnings.length > 0) {
    const shown = copy.compatibilityWarnings
      .map((w) => `• ${w.database}.${w.table}.${w.column}: ${w.kind}${w.count ? ` (${w.count})` : ''} [${w.sqlMode}]`);
    blocks.push({ type: 'section', text: `*${tr('report.compat')}*\n${shown.join('\n')}` });
  }
  if (copy.warnings.length > 0) {
    blocks.push({ type: 'context', text: `${tr('report.warnings')}: ${copy.warnings.join(' · ')}` });
  }
  return blocks;
}

/** The report part of an operation message. */
export function reportBlocks(tr: Translate, report: OperationReport, locale: Locale): Block[] {
  const blocks: Block[] = report.copy ? copyBlocks(tr, report.copy) : [];
  if (report.temporaryServer) {
    blocks.push({ type: 'section', text: tr('report.server', {
      address: report.temporaryServer.address, version: report.temporaryServer.version, expires: formatDate(new Date(report.temporaryServer.expiresAt), locale),
    }) });
  }
  if (report.downtimeMs !== undefined) blocks.push({ type: 'section', text: tr('report.downtime', { seconds: (report.downtimeMs / 1000).toFixed(1) }) });
  for (const note of report.notes ?? []) blocks.push({ type: 'context', text: note });
  return blocks;
}
