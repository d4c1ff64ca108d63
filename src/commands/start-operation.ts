import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import { userKey, type RequestContext } from '../domain/identity.ts';
import { cancelActionId, postOperationMessage, refreshOperationMessages } from '../operations/notifier.ts';
import { formatAge } from '../messages/format.ts';
import { translator } from '../messages/i18n.ts';
import type { OperationKind } from '../messages/model.ts';
import type { Operation } from '../state/operations-repo.ts';

export interface OperationRequest {
  readonly id: string;
  readonly kind: OperationKind;
  readonly accountId: string;
  readonly migrationId: string;
  readonly status: 'queued' | 'pending_approval';
  readonly sourceServer: string | null;
  readonly targetServer: string | null;
  readonly relatedOperationId: string | null;
}

/** The refusal naming the operation that holds the account and who started it. */
export function busyError(core: Core, holder: Operation, locale: RequestContext['locale']): UserError {
  const tr = translator(locale);
  return new UserError('account-busy', {
    account: holder.accountId, kind: tr(`kind.${holder.kind}`), operation: holder.id, status: tr(`status.${holder.status}`),
    user: holder.requestedByName ?? holder.requestedBy, age: formatAge(tr, holder.createdAt, core.clock.now()),
  });
}

/** Puts a queued operation on the queue and records its position for the message. */
export async function enqueue(core: Core, op: Operation): Promise<number> {
  const { position } = await core.queue.enqueueOperation({ operationId: op.id, kind: op.kind });
  // Only while still queued: a fast worker may already have written its own progress.
  await core.store.operations.patchProgressIfQueued(op.id, { step: 'queued', position }, core.clock.now());
  return position;
}

/**
 * Creates an operation (taking the account's lock), enqueues it when it is
 * ready to run, and posts its message in the channel. A replay of the same
 * id returns the operation created the first time, and does nothing else.
 */
export async function startOperation(core: Core, ctx: RequestContext, request: OperationRequest): Promise<Operation> {
  const now = core.clock.now();
  const result = await core.store.operations.create({
    ...request,
    requestedBy: userKey(ctx.user),
    requestedByName: ctx.user.name ?? ctx.user.id,
    platform: ctx.user.platform,
    channelId: ctx.channelId,
    locale: ctx.locale,
  }, now);
  if ('busy' in result) throw busyError(core, result.busy, ctx.locale);
  if ('existing' in result) return result.existing;
  const op = result.created;
  await core.store.actions.ensure([{ id: cancelActionId(op.id), kind: 'cancel-operation', accountId: op.accountId, operationId: op.id, groupId: cancelActionId(op.id), createdAt: now }]);
  // The answer shows the operation as it was created (queued, with its position), even when a
  // worker already took it; if it moved on meanwhile, the message is refreshed right after.
  const position = op.status === 'queued' ? await enqueue(core, op) : undefined;
  const asCreated = position === undefined ? op : { ...op, progress: { step: 'queued', position } };
  await postOperationMessage(core, asCreated, { platform: ctx.user.platform, channelId: ctx.channelId }, ctx.locale);
  const now_ = await core.store.operations.get(op.id);
  if (now_ && (now_.status !== op.status || now_.step !== op.step)) await refreshOperationMessages(core, op.id);
  return now_ ?? op;
}
