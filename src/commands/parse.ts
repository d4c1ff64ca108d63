import { UserError } from '../errors.ts';
import { closest } from '../domain/suggest.ts';
import { checkCommand, commandNames, overrideCheckFlag, reason as overrideReason, usages, type Command, type CommandName } from './command.ts';

const maxLength = 500;

/** The command a head word names, or the refusal naming the closest one. */
function commandName(head: string): CommandName {
  const name = commandNames.find((n) => n === head.toLowerCase());
  if (name) return name;
  const suggestion = closest(head.slice(0, 40), commandNames) as CommandName | undefined;
  throw new UserError(suggestion ? 'command-unknown-suggest' : 'command-unknown', {
    word: head.slice(0, 40), suggestion: suggestion ? usages[suggestion] : '', commands: commandNames.join(', '),
  });
}

/**
 * Parses the text of a `/migrate` command (with or without the `/migrate`
 * prefix) into the same `Command` typed options give. Never throws anything
 * but a UserError that names the closest valid command or the expected usage.
 */
export function parseCommand(input: string): Command {
  if (input.length > maxLength) throw new UserError('command-too-long', { max: maxLength });
  // Control characters are never part of a command; refuse rather than guess.
  // eslint-disable-next-line no-control-regex -- matching control characters is this line's purpose
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(input)) throw new UserError('command-control-chars');
  // `--override-check` takes the rest of the line as its reason, spaces and all: it is cut off before the words are split.
  const flagAt = input.search(/(^|\s)--override-check(\s|$)/);
  const words = flagAt < 0 ? input : input.slice(0, flagAt);
  const reason = flagAt < 0 ? undefined : input.slice(flagAt).trim().slice(overrideCheckFlag.length);
  const tokens = words.trim().split(/\s+/).filter((t) => t.length > 0);
  if (tokens[0] === '/migrate') tokens.shift();
  const [head, ...args] = tokens;
  if (head === undefined) return { name: 'help' };
  const name = commandName(head);
  if (reason !== undefined && name !== 'run') throw new UserError('command-extra-args', { extra: overrideCheckFlag, usage: usages[name] });
  // The flag without a reason is refused here: as a typed option, an empty value means "not given".
  if (reason !== undefined) overrideReason(reason);
  const [first, second] = args;
  const max = name === 'help' ? 0 : name === 'test' || name === 'run' || name === 'check' ? 2 : 1;
  if (args.length > max) throw new UserError('command-extra-args', { extra: args.slice(max).join(' ').slice(0, 60), usage: usages[name] });
  switch (name) {
    case 'help':
      return { name };
    case 'list':
    case 'status':
    case 'rollback':
      return checkCommand(first === undefined ? { name } : { name, account: first });
    case 'check':
    case 'test':
      return checkCommand({ name, migration: first ?? '', ...(second !== undefined ? { account: second } : {}) });
    case 'run':
      return checkCommand({ name, migration: first ?? '', ...(second !== undefined ? { account: second } : {}), ...(reason !== undefined ? { overrideCheck: reason } : {}) });
    case 'cancel':
      return checkCommand({ name, operation: first ?? '' });
  }
}
