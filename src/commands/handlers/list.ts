import type { AccountConfig, MigrationConfig } from '../../config/schema.ts';
import type { Core } from '../../core.ts';
import type { RequestContext } from '../../domain/identity.ts';
import { accountPhase } from '../../domain/account-phase.ts';
import { migrationsFor } from '../../domain/catalog.ts';
import { allows, roleOf } from '../../domain/roles.ts';
import { translator, type Translate } from '../../messages/i18n.ts';
import { formatAge, formatDate, formatDuration } from '../../messages/format.ts';
import type { Block, Button, Locale, Message } from '../../messages/model.ts';
import { lastCheckText } from './check-gate.ts';

/** The documentation link in the reader's language, English when there is none. */
export function docsLink(migration: MigrationConfig, locale: Locale): string {
  return (locale === 'fr' ? migration.docs.fr : undefined) ?? migration.docs.en;
}

/** One line saying where this account stands with this migration. */
export async function migrationStatus(core: Core, account: AccountConfig, migration: MigrationConfig, tr: Translate, locale: Locale): Promise<string> {
  const now = core.clock.now();
  const phase = accountPhase(await core.store.accountStates.get(account.id), now);
  // Once rolled back, the migration is offered again: the line tells about its tests.
  if (phase.phase === 'rollback-closed' && phase.migrationId === migration.id) return tr('list.rollback-closed', { date: formatDate(phase.closedAt, locale) });
  if (phase.phase === 'rollback-open' && phase.migrationId === migration.id) {
    const left = tr('duration.left', { time: formatDuration(phase.deadline.getTime() - now.getTime()) });
    return tr('list.migrated', { deadline: formatDate(phase.deadline, locale), left });
  }
  const latest = await core.store.operations.latest(account.id, migration.id, 'test');
  if (latest && (latest.status === 'queued' || latest.status === 'running')) return tr('list.test-running', { status: tr(`status.${latest.status}`) });
  const finished = await core.store.operations.latestFinishedTest(account.id, migration.id);
  if (!finished) return tr('list.never-tested');
  const age = formatAge(tr, finished.finishedAt ?? finished.createdAt, now);
  return finished.status === 'succeeded' ? tr('list.test-passed', { age }) : tr('list.test-failed', { age });
}

/**
 * Test and Run buttons of `/migrate list` are durable too, but stateless:
 * one action row per (kind, account, migration), reused by every list.
 * Pressing one runs the same checks as typing the command.
 */
export async function commandActionId(core: Core, kind: 'test' | 'run', accountId: string, migrationId: string): Promise<string> {
  const id = `${kind}-${accountId}-${migrationId}`.slice(0, 100);
  await core.store.actions.ensure([{ id, kind, accountId, migrationId, groupId: id, createdAt: core.clock.now() }]);
  return id;
}

export async function listMessage(core: Core, ctx: RequestContext, account: AccountConfig): Promise<Message> {
  const tr = translator(ctx.locale);
  const role = roleOf(core.config, account, ctx.user);
  const migrations = migrationsFor(core.config, account);
  const serverId = (await core.store.accountStates.get(account.id))?.serverId ?? account.server;
  const blocks: Block[] = [{ type: 'header', text: tr('list.title', { account: account.id }) }];
  const textLines: string[] = [tr('list.title', { account: account.id })];
  if (migrations.length === 0) blocks.push({ type: 'section', text: tr('list.empty', { account: account.id }) });
  for (const migration of migrations) {
    const docs = docsLink(migration, ctx.locale);
    const status = await migrationStatus(core, account, migration, tr, ctx.locale);
    const incompatibilities = migration.incompatibilities.map((i) => `• ${i[ctx.locale]}`).join('\n');
    const check = lastCheckText(tr, core.clock.now(), await core.store.checks.last(account.id, migration.id), serverId);
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: `*${migration.title[ctx.locale]}* (\`${migration.id}\`)\n${tr('list.docs')}: <${docs}|${docs}>`
        + (incompatibilities ? `\n*${tr('list.incompatibilities')}*\n${incompatibilities}` : ''),
      fields: [{ label: tr('list.status'), value: status }, { label: tr('list.check'), value: check }],
    });
    textLines.push(`${migration.id}: ${migration.title[ctx.locale]} — ${tr('list.docs')}: ${docs} — ${status} — ${tr('list.check')}: ${check}`);
    const buttons: Button[] = [];
    if (migration.testable && allows(role, 'test')) buttons.push({ actionId: await commandActionId(core, 'test', account.id, migration.id), label: tr('button.test') });
    if (migration.target !== undefined && allows(role, 'run')) buttons.push({ actionId: await commandActionId(core, 'run', account.id, migration.id), label: tr('button.run'), style: 'danger' });
    if (buttons.length > 0) blocks.push({ type: 'actions', buttons });
  }
  return { text: textLines.join('\n'), blocks, locale: ctx.locale };
}
