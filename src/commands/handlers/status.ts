import type { AccountConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import type { RequestContext } from '../../domain/identity.ts';
import { migrationsFor } from '../../domain/catalog.ts';
import { renderOperation } from '../../operations/notifier.ts';
import { translator } from '../../messages/i18n.ts';
import { formatAge } from '../../messages/format.ts';
import type { Block, Message } from '../../messages/model.ts';
import { migrationStatus } from './list.ts';

/**
 * `/migrate status`: where the account is, what runs now, the last test of
 * each migration; then the message of its latest run (with its Rollback
 * button while the window is open) and of the operation in progress.
 */
export async function statusMessages(core: Core, ctx: RequestContext, account: AccountConfig): Promise<Message[]> {
  const tr = translator(ctx.locale);
  const now = core.clock.now();
  const state = await core.store.accountStates.get(account.id);
  const holder = await core.store.operations.holderOf(account.id);
  const recent = await core.store.operations.recent(account.id, 5);
  const lines: string[] = [];
  for (const migration of migrationsFor(core.config, account)) {
    lines.push(`${tr('status.last-test', { migration: migration.id })}: ${await migrationStatus(core, account, migration, tr, ctx.locale)}`);
  }
  const recentLines = recent.map((op) => `\`${op.id}\` ${tr(`kind.${op.kind}`)} ${op.migrationId} — ${tr(`status.${op.status}`)} ${formatAge(tr, op.createdAt, now)}`);
  const blocks: Block[] = [
    { type: 'header', text: tr('status.title', { account: account.id }) },
    { type: 'section', text: '', fields: [
      { label: tr('status.server'), value: `\`${state?.serverId ?? account.server}\`` },
      { label: tr('status.busy'), value: holder ? `${tr(`kind.${holder.kind}`)} \`${holder.id}\` (${tr(`status.${holder.status}`)})` : tr('status.idle') },
    ] },
    { type: 'section', text: lines.join('\n') },
    ...(recentLines.length > 0 ? [{ type: 'section' as const, text: `*${tr('status.recent')}*\n${recentLines.join('\n')}` }] : []),
  ];
  const messages: Message[] = [{ text: [tr('status.title', { account: account.id }), `${tr('status.server')}: ${state?.serverId ?? account.server}`, ...lines, ...recentLines].join('\n'), blocks }];
  const run = state?.runOperationId ? await core.store.operations.get(state.runOperationId) : undefined;
  if (run && run.id !== holder?.id) messages.push(await renderOperation(core, run, ctx.locale));
  if (holder) messages.push(await renderOperation(core, holder, ctx.locale));
  return messages;
}
