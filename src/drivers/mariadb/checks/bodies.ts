/**
 * Searching program bodies (views, routines, triggers, events) for what a
 * rule cares about. Text search, not parsing: comments and string literals
 * can match, which errs towards reporting, unless the rule searches
 * `codeOnly(body)` (sql-text.ts), as `codeLines` does, when what it looks for
 * is never in a string (a keyword, a type).
 */
import { codeOnly } from './sql-text.ts';

/** 1-based lines of `body` where `pattern` matches (a global copy of it is used, so the caller's lastIndex is untouched). */
export function matchingLines(body: string, pattern: RegExp): number[] {
  const lines: number[] = [];
  body.split('\n').forEach((line, i) => {
    if (new RegExp(pattern.source, pattern.flags.replace('g', '')).test(line)) lines.push(i + 1);
  });
  return lines;
}

/** As matchingLines, outside string literals, quoted names and comments (lines stay where they were). */
export const codeLines = (body: string, pattern: RegExp): number[] => matchingLines(codeOnly(body), pattern);

/** Every capture of group 1 of `pattern` in `body`. */
export function captures(body: string, pattern: RegExp): string[] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  return [...body.matchAll(global)].map((m) => m[1] ?? '').filter((s) => s !== '');
}

/** A table name as a statement writes it (`db`.`t`, db.t, `t`) → its last part, unquoted, lower-cased. */
export const bareName = (written: string): string => (written.split('.').pop() ?? '').replace(/`/g, '').toLowerCase();

/** How many joins a body makes: JOIN keywords plus comma-separated tables after FROM. */
export function joinCount(body: string): number {
  const keywords = captures(body, /\b(join)\b/i).length;
  const commas = captures(body, /\bfrom\s+[`\w.$]+(?:\s+(?:as\s+)?\w+)?((?:\s*,\s*[`\w.$]+(?:\s+(?:as\s+)?\w+)?)+)/i)
    .reduce((n, list) => n + (list.match(/,/g)?.length ?? 0), 0);
  return keywords + commas;
}
