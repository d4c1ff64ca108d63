import { UserError } from '../errors.ts';
import { closest } from '../domain/suggest.ts';

/** A parsed `/migrate ...` command. */
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

const names = Object.keys(usages) as CommandName[];
const maxLength = 500;
const wordPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function word(value: string, what: string, command: CommandName): string {
  if (!wordPattern.test(value)) throw new UserError('command-bad-word', { what, value: value.slice(0, 40), usage: usages[command] });
  return value;
}

function optional<K extends string>(key: K, value: string | undefined, command: CommandName): { [P in K]?: string } {
  return value === undefined ? {} : ({ [key]: word(value, key, command) } as { [P in K]?: string });
}

/**
 * Parses the text of a `/migrate` command (with or without the `/migrate`
 * prefix). Never throws anything but a UserError that names the closest
 * valid command or the expected usage.
 */
export function parseCommand(input: string): Command {
  if (input.length > maxLength) throw new UserError('command-too-long', { max: maxLength });
  // Control characters are never part of a command; refuse rather than guess.
  // eslint-disable-next-line no-control-regex -- matching control characters is this line's purpose
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(input)) throw new UserError('command-control-chars');
  const tokens = input.trim().split(/\s+/).filter((t) => t.length > 0);
  if (tokens[0] === '/migrate') tokens.shift();
  const [head, ...args] = tokens;
  if (head === undefined) return { name: 'help' };
  const name = names.find((n) => n === head.toLowerCase());
  if (!name) {
    const suggestion = closest(head.slice(0, 40), names) as CommandName | undefined;
    throw new UserError(suggestion ? 'command-unknown-suggest' : 'command-unknown', {
      word: head.slice(0, 40), suggestion: suggestion ? usages[suggestion] : '', commands: names.join(', '),
    });
  }
  const [first, second] = args;
  const tooMany = (max: number) => {
    if (args.length > max) throw new UserError('command-extra-args', { extra: args.slice(max).join(' ').slice(0, 60), usage: usages[name] });
  };
  const missing = (what: string) => new UserError('command-missing-arg', { what, usage: usages[name] });
  switch (name) {
    case 'help':
      tooMany(0);
      return { name };
    case 'list':
    case 'status':
    case 'rollback':
      tooMany(1);
      return { name, ...optional('account', first, name) };
    case 'test':
    case 'run':
      tooMany(2);
      if (first === undefined) throw missing('migration');
      return { name, migration: word(first, 'migration', name), ...optional('account', second, name) };
    case 'cancel':
      tooMany(1);
      if (first === undefined) throw missing('operation');
      return { name, operation: word(first, 'operation', name) };
  }
}
