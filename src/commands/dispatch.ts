import type { Core } from '../core.ts';
import { UserError, isUserError, newCorrelationId } from '../errors.ts';
import { userKey, type RequestContext } from '../domain/identity.ts';
import { requirePermission, resolveAccount } from '../domain/roles.ts';
import { translator } from '../messages/i18n.ts';
import { parseCommand } from './parse.ts';
import { checkCommand, type Command } from './command.ts';
import { reply, nothing, type Audit, type Outcome } from './outcome.ts';
import { textMessage } from '../messages/model.ts';
import { literalParams } from '../messages/markup.ts';
import { helpMessage } from './handlers/help.ts';
import { listMessage } from './handlers/list.ts';
import { statusMessages } from './handlers/status.ts';
import { checkAccountCommand } from './handlers/check.ts';
import { startTest } from './handlers/test.ts';
import { requestRun } from './handlers/run.ts';
import { requestRollback } from './handlers/rollback.ts';
import { cancelOperation } from './handlers/cancel.ts';
import { handleAction } from './presses/handle-action.ts';

async function execute(core: Core, ctx: RequestContext, command: Command, audit: Audit): Promise<Outcome> {
  if (command.name === 'help') {
    await reply(core, ctx, helpMessage(core, ctx), true);
    return nothing;
  }
  if (command.name === 'cancel') return cancelOperation(core, ctx, command.operation);
  const account = resolveAccount(core.config, ctx.user, ctx.channelId, command.account);
  audit.accountId = account.id;
  switch (command.name) {
    case 'list':
      requirePermission(core.config, account, ctx.user, 'list');
      await reply(core, ctx, await listMessage(core, ctx, account), true);
      return nothing;
    case 'status':
      requirePermission(core.config, account, ctx.user, 'status');
      for (const message of await statusMessages(core, ctx, account)) await reply(core, ctx, message, true);
      return nothing;
    case 'check':
      return checkAccountCommand(core, ctx, account, command.migration);
    case 'test':
      return startTest(core, ctx, account, command.migration);
    case 'run':
      return requestRun(core, ctx, account, command.migration, command.overrideCheck);
    case 'rollback':
      return requestRollback(core, ctx, account);
  }
}

/**
 * The one place requests meet errors: a UserError is a refusal shown as is
 * (to the requester alone); anything else is a crash, logged with a
 * correlation id that the user sees. Every request is audited either way.
 */
async function guarded(core: Core, ctx: RequestContext, action: string, run: (audit: Audit) => Promise<Outcome>): Promise<Outcome> {
  const audit: Audit = { accountId: null, action };
  const entry = (result: 'ok' | 'refused' | 'crashed', detail: string | null) => ({ platform: ctx.user.platform, userId: userKey(ctx.user), accountId: audit.accountId, action: audit.action, result, detail });
  const tr = translator(ctx.locale);
  try {
    const outcome = await run(audit);
    await core.store.audit.record(entry('ok', outcome.operations.join(',') || null), core.clock.now());
    return outcome;
  } catch (error) {
    if (isUserError(error)) {
      await core.store.audit.record(entry('refused', error.code), core.clock.now()).catch(() => undefined);
      await reply(core, ctx, textMessage(tr(error.code, literalParams(error.params))), true);
      return nothing;
    }
    const id = newCorrelationId();
    core.logger.error({ err: error, correlationId: id, action: audit.action, user: userKey(ctx.user) }, 'request crashed');
    await core.store.audit.record(entry('crashed', id), core.clock.now()).catch(() => undefined);
    await reply(core, ctx, textMessage(tr('crash', { id })), true).catch(() => undefined);
    return nothing;
  }
}

/** A `/migrate ...` command typed by a user, on any platform. */
export function handleCommand(core: Core, ctx: RequestContext, text: string): Promise<Outcome> {
  return guarded(core, ctx, 'command', (audit) => {
    const command = parseCommand(text);
    audit.action = command.name;
    return execute(core, ctx, command, audit);
  });
}

/**
 * A command given as typed options (Discord slash options, a Slack modal):
 * the same checks and use cases as the text, without re-joining the
 * options into a string.
 */
export function handleStructuredCommand(core: Core, ctx: RequestContext, command: Command): Promise<Outcome> {
  return guarded(core, ctx, 'command', (audit) => {
    audit.action = command.name;
    return execute(core, ctx, checkCommand(command), audit);
  });
}

/** A button press (or a modal submit carrying typed text), on any platform. */
export function handlePress(core: Core, ctx: RequestContext, actionId: string, typed?: string): Promise<Outcome> {
  return guarded(core, ctx, 'press', async (audit) => {
    if (actionId.length > 100) throw new UserError('action-unknown');
    return handleAction(core, ctx, actionId, typed, audit);
  });
}
