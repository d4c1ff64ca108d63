import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/drivers/mariadb/checks/sql-words.ts';
import { newlyReserved, reservedWordUses } from '../../src/drivers/mariadb/checks/rules/reserved-words.ts';
import { nameUses } from '../../src/drivers/mariadb/checks/rules/removed-names.ts';
import { oldCompressedSyntax } from '../../src/drivers/mariadb/checks/rules/compressed-columns.ts';
import { longForeignKeyNames } from '../../src/drivers/mariadb/checks/rules/long-fk-names.ts';
import { sessionUserCalls } from '../../src/drivers/mariadb/checks/rules/session-user.ts';

const words = (sql: string): string[] => tokenize(sql).filter((t) => t.kind === 'word').map((t) => t.text);

describe('tokenize', () => {
  it('skips strings, comments and backquoted names, and keeps lines', () => {
    const sql = "SELECT 'vector' AS a, \"offset\" -- vector\n, `vector` # vector\n/* vector\n */ FROM t WHERE x = 'it''s \\' vector'";
    expect(words(sql)).toEqual(['SELECT', 'AS', 'a', 'FROM', 't', 'WHERE', 'x']);
    const quoted = tokenize(sql).find((t) => t.kind === 'quoted');
    expect(quoted).toEqual({ kind: 'quoted', text: 'vector', line: 2 });
    expect(tokenize(sql).find((t) => t.text === 'FROM')?.line).toBe(4);
  });

  it('tokenizes executable comments as code, and `--x` as an operator, not a comment', () => {
    expect(words('SELECT /*!50001 vector */ 1 /*M!100301 COMPRESSED*/')).toEqual(['SELECT', 'vector', 'COMPRESSED']);
    expect(words('SELECT 1--vector\n')).toEqual(['SELECT', 'vector']);
  });

  it('reads system variables with their scope dropped, and user variables', () => {
    const tokens = tokenize('SET @@GLOBAL.Date_Format = @x, @@tx_isolation');
    expect(tokens.filter((t) => t.kind === 'system-variable').map((t) => t.text)).toEqual(['date_format', 'tx_isolation']);
    expect(tokens.find((t) => t.kind === 'variable')?.text).toBe('x');
  });
});

describe('reservedWordUses', () => {
  const all = newlyReserved('10.5', '11.8');
  it('finds identifiers, not keyword uses, qualified names or quoted ones', () => {
    const body = 'BEGIN\n  DECLARE vector INT;\n  SELECT t.vector, `offset`, offset FROM t LIMIT 10 OFFSET 2;\n  SELECT ROW_NUMBER() OVER (), row_number FROM t;\nEND';
    expect(reservedWordUses(body, all)).toEqual([
      { line: 2, word: 'VECTOR' }, { line: 3, word: 'OFFSET' }, { line: 4, word: 'ROW_NUMBER' },
    ]);
  });
  it('only knows the words the migration crosses', () => {
    expect([...newlyReserved('10.11', '11.4').keys()]).toEqual(['SQL_AFTER_GTIDS', 'SQL_BEFORE_GTIDS']);
    expect([...newlyReserved('10.11', '11.8').keys()]).toEqual(['SQL_AFTER_GTIDS', 'SQL_BEFORE_GTIDS', 'VECTOR']);
    expect(newlyReserved('11.8', '11.8').size).toBe(0);
  });
});

describe('nameUses', () => {
  const names = new Set(['date_format', 'tx_isolation']);
  it('finds @@ reads and SET targets, but not columns of UPDATE ... SET, declared locals or strings', () => {
    const body = [
      'BEGIN',
      '  DECLARE x INT;',
      '  SELECT @@date_format, @@session.tx_isolation;',
      '  SET SESSION tx_isolation = \'READ-COMMITTED\', date_format = 1;',
      '  UPDATE t SET date_format = 2;',
      "  SELECT 'tx_isolation', date_format FROM t;",
      'END',
    ].join('\n');
    expect(nameUses(body, names)).toEqual([
      { line: 3, name: '@@date_format' }, { line: 3, name: '@@tx_isolation' },
      { line: 4, name: 'tx_isolation' }, { line: 4, name: 'date_format' },
    ]);
    expect(nameUses('BEGIN DECLARE date_format INT; SET date_format = 1; END', names)).toEqual([]);
    expect(nameUses('BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET tx_isolation = 1; END', names)).toEqual([{ line: 1, name: 'tx_isolation' }]);
  });
  it('finds calls of listed functions only', () => {
    expect(nameUses('SELECT DES_ENCRYPT(a), des_decrypt FROM t', new Set(), new Set(['des_encrypt', 'des_decrypt'])))
      .toEqual([{ line: 1, name: 'des_encrypt()' }]);
  });
});

describe('body patterns', () => {
  it('finds COMPRESSED written after a character set or collation clause', () => {
    const body = 'BEGIN\nCREATE TABLE a (x VARCHAR(9) COMPRESSED CHARACTER SET latin1);\nCREATE TABLE b (y VARCHAR(9) CHARACTER SET latin1 COMPRESSED,\n z TEXT COLLATE latin1_bin COMPRESSED);\nEND';
    expect(oldCompressedSyntax(body)).toEqual([3, 4]);
  });
  it('finds SESSION_USER() calls', () => {
    expect(sessionUserCalls("SET NEW.who = SESSION_USER();\nSET NEW.n = 'session_user()'")).toEqual([1]);
  });
  it('reads foreign key names over 64 characters from SHOW CREATE TABLE', () => {
    const long = `${'b'.repeat(64)}_ibfk_1`;
    const ddl = `CREATE TABLE x (\n  CONSTRAINT \`${long}\` FOREIGN KEY (\`id\`) REFERENCES \`p\` (\`id\`),\n  CONSTRAINT \`short\` FOREIGN KEY (\`id\`) REFERENCES \`p\` (\`id\`)\n)`;
    expect(longForeignKeyNames(ddl)).toEqual([long]);
  });
});
