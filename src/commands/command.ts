import { UserError } from '../errors.ts';

/**
 * A `/migrate` command as values: what the text parser produces, and what
 * adapters with typed options (Discord slash command options, a Slack
 * modal) build directly. Both go through `checkCommand`.
 */
export type Command =
  | { readonly name: 'help' }
  | { readonly name: 'list'; readonly account?: string }
  | { readonly name: 'status'; readonly account?: string }
  | { readonly name: 'test'; readonly migration: string; readonly account?: string }
  | { readonly name: 'run'; readonly migration: string; readonly account?: string }
  | { readonly name: 'rollback'; readonly account?: string }
  | { readonly name: 'cancel'; readonly operation: string };

export type CommandName = Command['name'];

/** Usage lines, in the order help shows them. */
export const usages: Record<CommandName, string> = {
  help: '/migrate help',
  list: '/migrate list [account]',
  status: '/migrate status [account]',
  test: '/migrate test <migration> [account]',
  run: '/migrate run <migration> [account]',
  rollback: '/migrate rollback [account]',
  cancel: '/migrate cancel <operation>',
};

export const commandNames = Object.keys(usages) as CommandName[];

/** The options a command takes, by name: what Discord registers and autocomplete offers. */
export type CommandOption = 'migration' | 'account' | 'operation';

const wordPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Refuses a value that is not an identifier, naming what was expected and the usage. */
export function word(value: string, what: CommandOption, command: CommandName): string {
  if (!wordPattern.test(value)) throw new UserError('command-bad-word', { what, value: value.slice(0, 40), usage: usages[command] });
  return value;
}

/** Option values may come empty from typed options (a cleared field): treated as not given. */
function given(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function optionalAccount(value: string | undefined, command: CommandName): { account?: string } {
  const account = given(value);
  return account === undefined ? {} : { account: word(account, 'account', command) };
}

function required(value: string | undefined, what: CommandOption, command: CommandName): string {
  const present = given(value);
  if (present === undefined) throw new UserError('command-missing-arg', { what, usage: usages[command] });
  return word(present, what, command);
}

/**
 * Checks a command's values as the text parser does: identifiers only,
 * required options present. Returns a clean copy (trimmed values, empty
 * options dropped, nothing but the command's own fields); throws UserError.
 */
export function checkCommand(command: Command): Command {
  switch (command.name) {
    case 'help':
      return { name: 'help' };
    case 'list':
    case 'status':
    case 'rollback':
      return { name: command.name, ...optionalAccount(command.account, command.name) };
    case 'test':
    case 'run':
      return { name: command.name, migration: required(command.migration, 'migration', command.name), ...optionalAccount(command.account, command.name) };
    case 'cancel':
      return { name: 'cancel', operation: required(command.operation, 'operation', 'cancel') };
  }
}
