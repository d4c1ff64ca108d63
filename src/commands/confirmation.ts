import type { Core } from '../core.ts';
import { shortId } from '../domain/ids.ts';
import { userKey, type RequestContext } from '../domain/identity.ts';
import { translator } from '../messages/i18n.ts';
import { formatDate } from '../messages/format.ts';
import type { Block, Button, Message } from '../messages/model.ts';

/** What a confirmation is checked against again when pressed. */
export interface Fingerprint {
  readonly serverId: string;
  readonly lastTestId: string | null;
  readonly runId: string | null;
  /** A run's admin override of the check policy: its reason, audited when Confirm starts the run. Not compared. */
  readonly overrideCheck?: string;
}

export interface ConfirmationRequest {
  readonly kind: 'confirm-run' | 'confirm-rollback';
  readonly accountId: string;
  readonly migrationId: string;
  readonly operationId: string;
  readonly fingerprint: Fingerprint;
  readonly typed: boolean;
  readonly dialogText: string;
  readonly blocks: readonly Block[];
  readonly text: string;
}

/**
 * Stores a single-use, expiring confirmation bound to the requester and to
 * the id the operation will get, and returns the message carrying its
 * Confirm (danger) and Cancel buttons.
 */
export async function createConfirmation(core: Core, ctx: RequestContext, request: ConfirmationRequest): Promise<Message> {
  const tr = translator(ctx.locale);
  const now = core.clock.now();
  const expiresAt = new Date(now.getTime() + core.config.confirmationMinutes * 60_000);
  const groupId = shortId(12);
  const confirmId = `c-${shortId(12)}`;
  const cancelId = `x-${shortId(12)}`;
  const common = { accountId: request.accountId, migrationId: request.migrationId, operationId: request.operationId, groupId, boundUser: userKey(ctx.user), expiresAt, createdAt: now };
  await core.store.actions.create([
    { ...common, id: confirmId, kind: request.kind, fingerprint: request.fingerprint },
    { ...common, id: cancelId, kind: 'cancel-confirmation' },
  ]);
  const confirm: Button = {
    actionId: confirmId, label: tr('button.confirm'), style: 'danger',
    confirm: { title: tr('confirm.dialog.title'), text: request.dialogText, yes: tr('confirm.dialog.yes'), no: tr('confirm.dialog.no') },
    ...(request.typed ? { input: { title: tr('confirm.input.title'), label: tr('confirm.input.label'), submit: tr('confirm.input.submit') } } : {}),
  };
  const blocks: Block[] = [
    ...request.blocks,
    ...(request.typed ? [{ type: 'section' as const, text: tr('confirm.typed', { account: request.accountId }) }] : []),
    { type: 'context', text: tr('confirm.expires', { time: formatDate(expiresAt, ctx.locale) }) },
    { type: 'actions', buttons: [confirm, { actionId: cancelId, label: tr('button.cancel') }] },
  ];
  return { text: request.text, blocks };
}
