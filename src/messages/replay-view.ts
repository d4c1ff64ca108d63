import type { Block } from './model.ts';
import type { Translate } from './i18n.ts';
import type { ReplayDifference, ReplayOutcome, ReplayReport } from '../drivers/reports.ts';
import { formatDuration } from './format.ts';
import { plain } from './markup.ts';

/** Differences shown in chat; the report keeps more. */
const SHOWN = 10;

/**
 * A fingerprint for a code span: simple identifiers lose their backticks,
 * others get quotes (a backtick would end the span on some platforms).
 */
const query = (fingerprint: string): string => plain(fingerprint.slice(0, 300).replace(/`([A-Za-z_][\w$]*)`/g, '$1').replaceAll('`', '"'));

function kindText(tr: Translate, d: ReplayDifference, kind: ReplayDifference['kinds'][number]): string {
  switch (kind) {
    case 'result': return tr('replay.kind.result', { source: d.source.rows ?? '-', target: d.target.rows ?? '-' });
    case 'order': return tr('replay.kind.order');
    case 'warnings': return tr('replay.kind.warnings', {
      source: plain(d.source.warnings.join(', ') || '-'), target: plain(d.target.warnings.join(', ') || '-'),
    });
    case 'plan': return tr('replay.kind.plan', {
      changes: d.planChanges.map((c) => tr(`replay.plan.${c.change}`, { source: plain(c.source), target: plain(c.target.slice(c.target.indexOf(':') + 2)) })).join(', '),
    });
    case 'error': return tr('replay.kind.error', { error: plain(d.target.error ?? '-') });
  }
}

function summary(tr: Translate, r: ReplayReport): Block[] {
  const context: string[] = [tr('replay.read-only')];
  for (const f of r.fallbacks) context.push(tr('replay.fallback', { source: tr(`replay.source.${f.source}`), reason: tr(`replay.fallback.${f.reason}`) }));
  if (r.refused.length > 0) context.push(tr('replay.refused', { list: r.refused.map((x) => tr(`replay.refusal.${x.reason}`, { count: x.count })).join(', ') }));
  if (r.blockedWrites > 0) context.push(tr('replay.blocked', { count: r.blockedWrites }));
  if (r.sourceErrors > 0) context.push(tr('replay.source-errors', { count: r.sourceErrors }));
  if (r.unstable > 0) context.push(tr('replay.unstable', { count: r.unstable }));
  if (r.budgetLeft > 0) context.push(tr('replay.budget-left', { count: r.budgetLeft }));
  return [
    { type: 'section', text: tr('replay.title', {
      source: tr(`replay.source.${r.source}`), replayed: r.replayed, runs: r.runs, duration: formatDuration(r.durationMs),
      identical: r.identical, differ: r.differenceCount, slower: r.regressions.length,
    }) },
    { type: 'context', text: context.join(' · ') },
  ];
}

/** The replay part of a test's report: what was run, what differs, what got slower. */
export function replayBlocks(tr: Translate, outcome: ReplayOutcome): Block[] {
  if ('skipped' in outcome) {
    if (outcome.skipped === 'disabled') return [];
    return [{ type: 'context', text: outcome.skipped === 'failed' ? tr('replay.skipped.failed', { message: plain(outcome.message ?? '-') }) : tr('replay.skipped.copy-differs') }];
  }
  const blocks = summary(tr, outcome);
  if (outcome.differences.length > 0) {
    const lines = outcome.differences.slice(0, SHOWN).map((d) => tr('replay.difference', {
      query: query(d.fingerprint), database: plain(d.database ?? '-'), kinds: d.kinds.map((k) => kindText(tr, d, k)).join('; '),
    }));
    const more = outcome.differenceCount - Math.min(SHOWN, outcome.differences.length);
    if (more > 0) lines.push(tr('replay.more', { count: more }));
    blocks.push({ type: 'section', text: `${tr('replay.differences', { count: outcome.differenceCount })}\n${lines.join('\n')}` });
    if (outcome.differences.some((d) => d.kinds.includes('result'))) blocks.push({ type: 'context', text: tr('replay.online') });
  }
  if (outcome.regressions.length > 0) {
    const lines = outcome.regressions.map((g) => tr('replay.regression', {
      query: query(g.fingerprint), database: plain(g.database ?? '-'), source: g.sourceMs, target: g.targetMs, ratio: g.ratio,
    }));
    blocks.push({ type: 'section', text: `${tr('replay.regressions')}\n${lines.join('\n')}` });
  }
  return blocks;
}
