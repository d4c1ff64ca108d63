import type { Core } from '../core.ts';
import { accountPhase, isMigratedBy } from '../domain/account-phase.ts';
import type { Destination, Locale, Message } from '../messages/model.ts';
import { operationMessage, type OperationFacts, type OperationProgress } from '../messages/operation-view.ts';
import type { OperationReport } from '../messages/report-view.ts';
import { translator, type Translate } from '../messages/i18n.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { MessagePurpose } from '../state/message-refs-repo.ts';

export const cancelActionId = (operationId: string) => `cancel-${operationId}`;
export const rollbackActionId = (runId: string) => `rollback-${runId}`;

/** Everything the operation message shows, read from the state database. */
export async function operationFacts(core: Core, op: Operation): Promise<OperationFacts> {
  const progress = op.progress as (OperationProgress & { position?: number }) | null;
  const facts: OperationFacts = {
    id: op.id, kind: op.kind, status: op.status, accountId: op.accountId, migrationId: op.migrationId,
    requestedByName: op.requestedByName ?? op.requestedBy, approvedBy: op.approvedBy,
    createdAt: op.createdAt, startedAt: op.startedAt, finishedAt: op.finishedAt, step: op.step,
    progress, report: op.report as OperationReport | null, error: op.error as OperationFacts['error'],
    cancelActionId: cancelActionId(op.id),
    ...(progress?.position !== undefined ? { position: progress.position } : {}),
  };
  if (op.kind !== 'run' || op.status !== 'succeeded') return facts;
  const phase = accountPhase(await core.store.accountStates.get(op.accountId), core.clock.now());
  if (!isMigratedBy(phase, op.id)) return facts;
  if (phase.phase === 'rollback-closed') return { ...facts, rollbackClosedAt: phase.closedAt };
  return { ...facts, rollback: { actionId: rollbackActionId(op.id), deadline: phase.deadline } };
}

export async function renderOperation(core: Core, op: Operation, locale: Locale): Promise<Message> {
  return operationMessage(await operationFacts(core, op), locale, core.clock.now());
}

/** Posts an operation's message and remembers it, so every later step updates it in place. */
export async function postOperationMessage(core: Core, op: Operation, destination: Destination, locale: Locale, purpose: MessagePurpose = 'progress'): Promise<void> {
  const handle = await core.chat.post(destination, await renderOperation(core, op, locale));
  if (!handle) return;
  await core.store.messages.add({
    operationId: op.id, purpose, platform: handle.platform, channelId: handle.channelId, messageId: handle.messageId,
    userId: destination.ephemeralTo ?? null, locale,
  }, core.clock.now());
}

/** Re-renders every remembered message of an operation (each in its reader's language). */
export async function refreshOperationMessages(core: Core, operationId: string): Promise<void> {
  const op = await core.store.operations.get(operationId);
  if (!op) return;
  const refs = await core.store.messages.forOperation(operationId, 'progress');
  const byLocale = new Map<Locale, Message>();
  for (const ref of refs) {
    const locale = ref.locale as Locale;
    const message = byLocale.get(locale) ?? await renderOperation(core, op, locale);
    byLocale.set(locale, message);
    await core.chat.update({ platform: ref.platform as Destination['platform'], channelId: ref.channelId, messageId: ref.messageId }, message);
  }
}

/**
 * Tells the account's team channels (on every platform this process
 * reaches), in the config's language: `text` builds the message from the
 * catalogs with the translator and locale it is given.
 */
export async function notifyTeam(core: Core, accountId: string, text: (tr: Translate, locale: Locale) => string): Promise<void> {
  const account = core.config.accounts.find((a) => a.id === accountId);
  if (!account) return;
  const locale = core.config.locale;
  const body = text(translator(locale), locale);
  for (const platform of core.chat.platforms()) {
    for (const channelId of account.channels[platform]) {
      try {
        await core.chat.post({ platform, channelId }, { text: body, blocks: [{ type: 'section', text: body }] });
      } catch (error) {
        core.logger.warn({ err: error, platform, channelId }, 'team notification failed');
      }
    }
  }
}
