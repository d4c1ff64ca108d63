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
  | { readonly name: 'check'; readonly migration: string; readonly account?: string }
  | { readonly name: 'test'; readonly migration: string; readonly account?: string }
  /** `overrideCheck`: an admin's reason to run despite the `requireCheck` policy (audited). */
  | { readonly name: 'run'; readonly migration: string; readonly account?: string; readonly overrideCheck?: string }
  | { readonly name: 'rollback'; readonly account?: string }
  | { readonly name: 'cancel'; readonly operation: string };

export type CommandName = Command['name'];

/** Usage lines, in the order help shows them. */
export const usages: Record<CommandName, string> = {
  help: '/migrate help',
  list: '/migrate list [account]',
  status: '/migrate status [account]',
  check: '/migrate check <migration> [account]',
  test: '/migrate test <migration> [account]',
  run: '/migrate run <migration> [account]',
  rollback: '/migrate rollback [account]',
  cancel: '/migrate cancel <operation>',
};

export const commandNames = Object.keys(usages) as CommandName[];

/** The options a command takes, by name: what Discord registers and autocomplete offers. */
export type CommandOption = 'migration' | 'account' | 'operation';

/** The flag of `/migrate run` that gives an admin's reason to override the check policy; the rest of the line is the reason. */
export const overrideCheckFlag = '--override-check';
export const maxReasonLength = 200;
/** Its usage: help shows it to admins alone, who alone may use it. */
export const overrideUsage = '/migrate run <migration> [account] --override-check "reason"';

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

/** An override reason: one line of text, not empty, at most maxReasonLength characters, surrounding quotes dropped. */
export function reason(value: string): { overrideCheck: string } {
  const text = value.trim().replace(/^(["'“«])(.*)(["'”»])$/s, '$2').trim();
  // eslint-disable-next-line no-control-regex -- a reason holds no control characters, line breaks included
  if (text === '' || [...text].length > maxReasonLength || /[\u0000-\u001f\u007f]/.test(text)) {
    throw new UserError('override-check-reason', { max: maxReasonLength, usage: overrideUsage });
  }
  return { overrideCheck: text };
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
    case 'check':
    case 'test':
      return { name: command.name, migration: required(command.migration, 'migration', command.name), ...optionalAccount(command.account, command.name) };
    case 'run':
      return {
        name: 'run', migration: required(command.migration, 'migration', 'run'), ...optionalAccount(command.account, 'run'),
        ...(given(command.overrideCheck) === undefined ? {} : reason(command.overrideCheck ?? '')),
      };
    case 'cancel':
      return { name: 'cancel', operation: required(command.operation, 'operation', 'cancel') };
  }
}
