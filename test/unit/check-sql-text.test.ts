import { describe, expect, it } from 'vitest';
import { codeOnly, functionCalls, lineAt } from '../../src/drivers/mariadb/checks/sql-text.ts';

describe('SQL text searched for code', () => {
  it('blanks strings, quoted identifiers and comments, keeping lengths and line breaks', () => {
    const text = "SELECT 'kdf(', \"it''s\", `kdf(` -- kdf(\n, 1 # kdf(\n/* kdf( */ x";
    const code = codeOnly(text);
    expect(code).toHaveLength(text.length);
    expect(code.split('\n')).toHaveLength(3);
    expect(code).not.toMatch(/kdf/i);
    expect(code.replace(/\s+/g, ' ').trim()).toBe('SELECT , , , 1 x');
  });

  it('keeps the content of executable comments and escaped quotes inside strings', () => {
    expect(codeOnly('/*!50100 KDF(a) */ b').replace(/\s+/g, ' ').trim()).toBe('KDF(a) b');
    expect(codeOnly("'a\\'kdf(' , kdf(x)").trim()).toBe(', kdf(x)');
    expect(codeOnly('/*M!100500 UUID_V7() */').trim()).toBe('UUID_V7()');
  });

  it('finds calls case-insensitively with their line, not qualified ones nor names that merely start alike', () => {
    const body = "BEGIN\n  SET @a = kdf ('x', 'y');\n  SET @b = db.uuid_v7();\n  SET @c = UUID_V7X();\nEND";
    expect(functionCalls(body, ['KDF', 'UUID_V7'])).toEqual([{ name: 'KDF', line: 2 }]);
    expect(lineAt('a\nb\nc', 4)).toBe(3);
  });
});
