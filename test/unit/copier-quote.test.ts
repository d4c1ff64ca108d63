import { describe, expect, it } from 'vitest';
import { excerpt, qualified, quoteAccount, quoteIdent, quoteString } from '../../src/drivers/mariadb/copier/quote.ts';
import { cutRanges } from '../../src/drivers/mariadb/copier/ranges.ts';
import { isZeroDateDefault, rejectsZeroDates } from '../../src/drivers/mariadb/copier/compat.ts';

describe('quoting', () => {
  it('quotes identifiers with backticks, doubling inner backticks', () => {
    expect(quoteIdent('plain')).toBe('`plain`');
    expect(quoteIdent('a`b')).toBe('`a``b`');
    expect(quoteIdent('select "x" ünï')).toBe('`select "x" ünï`');
    expect(qualified('d`b', 't t')).toBe('`d``b`.`t t`');
  });

  it('escapes string literals', () => {
    expect(quoteString("o'brien")).toBe("'o\\'brien'");
    expect(quoteString('a\\b\n\0')).toBe("'a\\\\b\\n\\0'");
    expect(quoteAccount("app'", '%')).toBe("'app\\''@'%'");
  });
});

describe('excerpts', () => {
  it('cuts excerpts to 300 characters after redacting, even inside a secret', () => {
    const long = `CREATE USER a IDENTIFIED BY '${'x'.repeat(500)}'`;
    const out = excerpt(long);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).not.toContain('xxx');
  });
});

describe('key ranges', () => {
  it('cover the whole key space with open ends', () => {
    const ranges = cutRanges('id', 1n, 100n, 4);
    expect(ranges).toEqual([
      { column: 'id', from: null, to: '26' },
      { column: 'id', from: '26', to: '51' },
      { column: 'id', from: '51', to: '76' },
      { column: 'id', from: '76', to: null },
    ]);
    expect(cutRanges('id', 5n, 5n, 8)).toEqual([{ column: 'id', from: null, to: null }]);
    expect(cutRanges('id', -10n, 9n, 2)).toEqual([{ column: 'id', from: null, to: '0' }, { column: 'id', from: '0', to: null }]);
  });
});

describe('zero dates', () => {
  it('knows which sql_modes reject them', () => {
    expect(rejectsZeroDates('STRICT_TRANS_TABLES,NO_ZERO_DATE')).toBe(true);
    expect(rejectsZeroDates('STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION')).toBe(false);
    expect(rejectsZeroDates('NO_ZERO_DATE')).toBe(false);
    expect(isZeroDateDefault("'0000-00-00 00:00:00'")).toBe(true);
    expect(isZeroDateDefault("'2020-00-10'")).toBe(true);
    expect(isZeroDateDefault('current_timestamp()')).toBe(false);
  });
});
