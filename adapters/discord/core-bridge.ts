/**
 * What the Discord handlers ask of the core, in one place: a typed
 * command, a press, the choices for an option being typed. The handlers
 * depend on this interface only, so the way the core is reached can change
 * without touching them.
 */
import type { Core } from '../../src/core.ts';
import type { RequestContext } from '../../src/domain/identity.ts';
import type { Outcome } from '../../src/commands/outcome.ts';
import type { CommandName } from '../../src/commands/parse.ts';
import { handleCommand, handlePress } from '../../src/commands/dispatch.ts';
import { accountsOf } from '../../src/domain/roles.ts';
import { subcommands } from './commands.ts';

export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** The core as the Discord handlers see it. Every method reports refusals to the requester itself and never throws a UserError. */
export interface DiscordCore {
  command(ctx: RequestContext, name: CommandName, options: Readonly<Record<string, string>>): Promise<Outcome>;
  press(ctx: RequestContext, actionId: string, typed?: string): Promise<Outcome>;
  /** Choices for `option` starting with (or containing) `query`, for this user: at most 25, Discord's limit. */
  complete(ctx: RequestContext, option: string, query: string, options: Readonly<Record<string, string>>): Promise<Choice[]>;
}

const isCommandName = (name: string): name is CommandName => name in subcommands;

function matching(values: readonly Choice[], query: string): Choice[] {
  const q = query.toLowerCase();
  const starts = values.filter((v) => v.value.toLowerCase().startsWith(q));
  const contains = values.filter((v) => !starts.includes(v) && v.name.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, 25);
}

export function coreBridge(core: Core): DiscordCore {
  return {
    command(ctx, name, options) {
      // The core's text parser checks every option as it checks a typed command.
      const words = isCommandName(name) ? subcommands[name].map((o) => options[o.name]).filter((v): v is string => v !== undefined) : [];
      return handleCommand(core, ctx, ['/migrate', name, ...words].join(' '));
    },
    press: (ctx, actionId, typed) => handlePress(core, ctx, actionId, typed),
    async complete(ctx, option, query, options) {
      const accounts = accountsOf(core.config, ctx.user);
      if (option === 'account') return matching(accounts.map((a) => ({ name: a.id, value: a.id })), query);
      if (option === 'migration') {
        const scope = options['account'] === undefined ? accounts : accounts.filter((a) => a.id === options['account']);
        const ids = new Set(scope.flatMap((a) => a.migrations ?? core.config.migrations.map((m) => m.id)));
        const catalog = core.config.migrations.filter((m) => ids.has(m.id));
        return matching(catalog.map((m) => ({ name: `${m.id}: ${m.title[ctx.locale]}`.slice(0, 100), value: m.id })), query);
      }
      if (option === 'operation') {
        const active = (await core.store.operations.active()).filter((op) => accounts.some((a) => a.id === op.accountId));
        return matching(active.map((op) => ({ name: `${op.id} (${op.kind} ${op.accountId}, ${op.status})`, value: op.id })), query);
      }
      return [];
    },
  };
}
