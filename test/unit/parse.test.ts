import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.ts';
import { UserError } from '../../src/errors.ts';
import { isTextKey, t } from '../../src/messages/i18n.ts';

function refusal(input: string): UserError {
  try {
    parseCommand(input);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`"${input}" was accepted`);
}

describe('parseCommand', () => {
  it('parses every command, with and without the /migrate prefix', () => {
    expect(parseCommand('/migrate test mariadb-11.8 demo')).toEqual({ name: 'test', migration: 'mariadb-11.8', account: 'demo' });
    expect(parseCommand('run mariadb-11.8')).toEqual({ name: 'run', migration: 'mariadb-11.8' });
    expect(parseCommand('  list   demo ')).toEqual({ name: 'list', account: 'demo' });
    expect(parseCommand('status')).toEqual({ name: 'status' });
    expect(parseCommand('rollback demo')).toEqual({ name: 'rollback', account: 'demo' });
    expect(parseCommand('cancel test-abc123')).toEqual({ name: 'cancel', operation: 'test-abc123' });
    expect(parseCommand('')).toEqual({ name: 'help' });
    expect(parseCommand('/migrate')).toEqual({ name: 'help' });
  });

  it('parses /migrate check and the run\'s --override-check reason (the rest of the line, quotes dropped)', () => {
    expect(parseCommand('/migrate check mariadb-11.8 demo')).toEqual({ name: 'check', migration: 'mariadb-11.8', account: 'demo' });
    expect(parseCommand('check mariadb-11.8')).toEqual({ name: 'check', migration: 'mariadb-11.8' });
    expect(refusal('check').params['usage']).toBe('/migrate check <migration> [account]');
    expect(parseCommand('run m demo --override-check "the customer accepts  the risk"')).toEqual({ name: 'run', migration: 'm', account: 'demo', overrideCheck: 'the customer accepts  the risk' });
    expect(parseCommand('run m --override-check ticket 42')).toEqual({ name: 'run', migration: 'm', overrideCheck: 'ticket 42' });
    expect(refusal('run m --override-check').code).toBe('override-check-reason');
    expect(refusal('run m --override-check ""').code).toBe('override-check-reason');
    expect(refusal(`run m --override-check ${'x'.repeat(201)}`).params['max']).toBe(200);
    expect(refusal('run m --override-check a\tb').code).toBe('override-check-reason');
    expect(refusal('check m --override-check why').code).toBe('command-extra-args');
  });

  it('names the closest command for a typo', () => {
    const error = refusal('/migrate tset mariadb-11.8');
    expect(error.code).toBe('command-unknown-suggest');
    expect(error.params['suggestion']).toBe('/migrate test <migration> [account]');
  });

  it('gives the usage when an argument is missing or extra', () => {
    expect(refusal('test').code).toBe('command-missing-arg');
    expect(refusal('test').params['usage']).toBe('/migrate test <migration> [account]');
    expect(refusal('list a b').code).toBe('command-extra-args');
    expect(refusal('cancel').code).toBe('command-missing-arg');
  });

  it('refuses words that are not identifiers', () => {
    expect(refusal("test x';DROP").code).toBe('command-bad-word');
    expect(refusal('list dé').code).toBe('command-bad-word');
    expect(refusal('list a\u0000b').code).toBe('command-control-chars');
    expect(refusal('x'.repeat(600)).code).toBe('command-too-long');
  });

  it('answers thousands of random strings with a command or a refusal that has a text, never a crash', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = ['test', 'run', 'list', '/migrate', ' ', '  ', 'demo', 'mariadb-11.8', '\t', 'é', '😀', "'", '`', '\\', '\n', '\u0000', 'a', '-', '.', 'cancel', 'rollback', 'x'.repeat(70)];
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(random() * 8);
      let input = '';
      for (let j = 0; j < length; j++) {
        input += random() < 0.8 ? alphabet[Math.floor(random() * alphabet.length)] : String.fromCharCode(Math.floor(random() * 0x2fff));
      }
      try {
        const command = parseCommand(input);
        expect(typeof command.name).toBe('string');
        accepted++;
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        const code = (error as UserError).code;
        expect(isTextKey(code)).toBe(true);
        expect(t('fr', code, (error as UserError).params)).not.toMatch(/\{\w+\}/);
        refused++;
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
