import type { Block, Button, Locale, Message, OperationStatus } from './model.ts';
import { isTextKey, translator, type Params, type TextKey, type Translate } from './i18n.ts';
import { formatAge, formatBytes, formatDate, formatDuration } from './format.ts';
import { reportBlocks, type OperationReport } from './report-view.ts';
import { literalParams, plain } from './markup.ts';

/** What the worker writes in `operations.progress` while it works. */
export interface OperationProgress {
  readonly step: string;
  readonly database?: string;
  readonly table?: string;
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
  readonly rate?: number;
  readonly etaSeconds?: number;
  readonly note?: string;
}

/** Why an operation failed, as a catalog key and its params (a refusal's code, 'op.reason' for a crash's message). */
export interface FailureFact {
  readonly key: TextKey;
  readonly params?: Params;
}

/** `operations.error`: `fact` since failures are worded per reader; rows of earlier versions hold `reason` alone. */
export interface StoredFailure {
  readonly step?: string;
  readonly reason: string;
  readonly fact?: FailureFact;
}

/**
 * A failure in the reader's language. Its params come from outside (names,
 * a server's message): literal, so they never become markup. A row without
 * a fact shows its reason as it was stored.
 */
export function failureText(tr: Translate, failure: StoredFailure | null | undefined): string {
  if (!failure) return '-';
  const key = failure.fact?.key;
  return key !== undefined && isTextKey(key) ? tr(key, literalParams(failure.fact?.params ?? {})) : failure.reason;
}

/** The facts an operation message shows; gathered by the notifier from the state database. */
export interface OperationFacts {
  readonly id: string;
  readonly kind: 'test' | 'run' | 'rollback';
  readonly status: OperationStatus;
  readonly accountId: string;
  readonly migrationId: string;
  readonly requestedByName: string;
  readonly approvedBy: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly step: string | null;
  readonly progress: OperationProgress | null;
  readonly report: OperationReport | null;
  readonly error: StoredFailure | null;
  readonly position?: number;
  readonly cancelActionId?: string;
  /** Present while the rollback window of this run is open. */
  readonly rollback?: { readonly actionId: string; readonly deadline: Date };
  readonly rollbackClosedAt?: Date;
}

function progressBlocks(tr: Translate, progress: OperationProgress): Block[] {
  const blocks: Block[] = [{ type: 'context', text: tr('op.step', { step: progress.step }) }];
  if (progress.bytesTotal && progress.bytesDone !== undefined) {
    const ratio = Math.min(1, progress.bytesDone / Math.max(1, progress.bytesTotal));
    const label = tr('op.progress', {
      database: plain(progress.database ?? '-'),
      table: plain(progress.table ?? '-'),
      percent: Math.floor(ratio * 100),
      total: formatBytes(progress.bytesTotal),
      rate: formatBytes(progress.rate ?? 0),
      eta: formatDuration((progress.etaSeconds ?? 0) * 1000),
    });
    blocks.push({ type: 'progress', ratio, label });
  }
  if (progress.note) blocks.push({ type: 'context', text: tr('op.note', { note: plain(progress.note) }) });
  return blocks;
}

function statusBlocks(tr: Translate, op: OperationFacts, locale: Locale, now: Date): Block[] {
  switch (op.status) {
    case 'pending_approval':
      return [{ type: 'section', text: tr('op.pending-approval', { account: op.accountId }) }];
    case 'queued':
      return [{ type: 'section', text: tr('op.queued', { position: op.position ?? 0, user: plain(op.requestedByName) }) }];
    case 'running':
      return [{ type: 'section', text: tr('op.started', { user: plain(op.requestedByName) }) }, ...(op.progress ? progressBlocks(tr, op.progress) : [])];
    case 'needs_attention':
      return [
        { type: 'section', text: tr('op.needs-attention', { step: op.error?.step ?? op.step ?? '-', reason: failureText(tr, op.error) }) },
        ...(op.progress ? progressBlocks(tr, op.progress) : []),
      ];
    case 'succeeded': {
      const took = op.startedAt && op.finishedAt ? op.finishedAt.getTime() - op.startedAt.getTime() : 0;
      const blocks: Block[] = [{ type: 'section', text: tr('op.succeeded', { duration: formatDuration(took) }) }];
      if (op.report) blocks.push(...reportBlocks(tr, op.report, locale));
      if (op.rollback) {
        const left = formatDuration(op.rollback.deadline.getTime() - now.getTime());
        blocks.push({ type: 'section', text: tr('report.rollback-until', { deadline: formatDate(op.rollback.deadline, locale), left: tr('duration.left', { time: left }) }) });
      } else if (op.rollbackClosedAt) {
        blocks.push({ type: 'context', text: tr('list.rollback-closed', { date: formatDate(op.rollbackClosedAt, locale) }) });
      }
      return blocks;
    }
    case 'failed':
      return [
        { type: 'section', text: tr('op.failed', { step: op.error?.step ?? op.step ?? '-', reason: failureText(tr, op.error) }) },
        ...(op.report ? reportBlocks(tr, op.report, locale) : []),
      ];
    case 'cancelled':
      return [{ type: 'section', text: tr('op.cancelled', { user: plain(op.requestedByName) }) }];
  }
}

function buttons(tr: Translate, op: OperationFacts): Button[] {
  if ((op.status === 'queued' || op.status === 'running' || op.status === 'pending_approval') && op.cancelActionId) {
    return [{ actionId: op.cancelActionId, label: tr('button.cancel') }];
  }
  if (op.status === 'succeeded' && op.rollback) {
    return [{
      actionId: op.rollback.actionId,
      label: tr('button.rollback'),
      style: 'danger',
      confirm: { title: tr('confirm.dialog.title'), text: tr('confirm.dialog.rollback-button', { account: op.accountId }), yes: tr('confirm.dialog.yes'), no: tr('confirm.dialog.no') },
    }];
  }
  return [];
}

/** The one message that follows an operation from queued to its end (updated in place). */
export function operationMessage(op: OperationFacts, locale: Locale, now: Date): Message {
  const tr = translator(locale);
  const title = tr(`op.title.${op.kind}`, { migration: op.migrationId, account: op.accountId });
  const blocks: Block[] = [
    { type: 'header', text: title },
    ...statusBlocks(tr, op, locale, now),
    { type: 'context', text: `${tr('op.operation-id', { id: op.id })} · ${tr(`status.${op.status}`)} · ${formatAge(tr, op.createdAt, now)}` },
  ];
  const actionButtons = buttons(tr, op);
  if (actionButtons.length > 0) blocks.push({ type: 'actions', buttons: actionButtons });
  const text = `${title}: ${tr(`status.${op.status}`)}`;
  return { text, blocks, locale, operation: { id: op.id, kind: op.kind, status: op.status, accountId: op.accountId, migrationId: op.migrationId } };
}
