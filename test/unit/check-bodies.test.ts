import { describe, expect, it } from 'vitest';
import { codeLines, matchingLines } from '../../src/drivers/mariadb/checks/bodies.ts';

describe('searching program bodies', () => {
  const body = "BEGIN\n  -- a timestamp in a comment\n  SELECT 'timestamp' AS word;\n  CREATE TABLE t (at TIMESTAMP);\nEND";
  it('matches every line with matchingLines, only code with codeLines, on the same line numbers', () => {
    expect(matchingLines(body, /\btimestamp\b/i)).toEqual([2, 3, 4]);
    expect(codeLines(body, /\btimestamp\b/i)).toEqual([4]);
  });
});
