/**
 * What the Discord handlers ask of the core, in one place: a typed
 * command (the options as values, never re-joined into text), a press,
 * the choices for an option being typed.
 */
import type { Core } from '../../src/core.ts';
import type { RequestContext } from '../../src/domain/identity.ts';
import type { Outcome } from '../../src/commands/outcome.ts';
import type { Command, CommandOption } from '../../src/commands/command.ts';
import { handlePress, handleStructuredCommand } from '../../src/commands/dispatch.ts';
import { autocomplete, type Choice } from '../../src/commands/autocomplete.ts';

/** The core as the Discord handlers see it. Refusals reach the requester through `ctx.respond`; nothing throws a UserError. */
export interface DiscordCore {
  command(ctx: RequestContext, subcommand: string, options: Readonly<Record<string, string>>): Promise<Outcome>;
  press(ctx: RequestContext, actionId: string, typed?: string): Promise<Outcome>;
  /** Choices for `option` matching `partial`, for this user: at most 25, Discord's limit. */
  complete(ctx: RequestContext, option: string, partial: string, options: Readonly<Record<string, string>>): Promise<Choice[]>;
}

/**
 * The typed command a subcommand and its options stand for. A required
 * option Discord would always send but did not comes as '' and is refused
 * by the core's checks with the usage; an unknown subcommand shows help.
 */
export function commandOf(subcommand: string, options: Readonly<Record<string, string>>): Command {
  const account = options['account'] === undefined ? {} : { account: options['account'] };
  switch (subcommand) {
    case 'list':
    case 'status':
    case 'rollback':
      return { name: subcommand, ...account };
    case 'check':
    case 'test':
      return { name: subcommand, migration: options['migration'] ?? '', ...account };
    case 'run': {
      const reason = options['override-check'];
      return { name: 'run', migration: options['migration'] ?? '', ...account, ...(reason !== undefined ? { overrideCheck: reason } : {}) };
    }
    case 'cancel':
      return { name: 'cancel', operation: options['operation'] ?? '' };
    default:
      return { name: 'help' };
  }
}

const isOption = (name: string): name is CommandOption => name === 'migration' || name === 'account' || name === 'operation';

export function coreBridge(core: Core): DiscordCore {
  return {
    command: (ctx, subcommand, options) => handleStructuredCommand(core, ctx, commandOf(subcommand, options)),
    press: (ctx, actionId, typed) => handlePress(core, ctx, actionId, typed),
    async complete(ctx, option, partial, options) {
      if (!isOption(option)) return [];
      const account = options['account'];
      return autocomplete(core, ctx.user, { option, partial, locale: ctx.locale, ...(account !== undefined && option !== 'account' ? { account } : {}) });
    },
  };
}
