import { disabledEvent } from '../copier/event-status.ts';

/**
 * What SHOW CREATE prints that is no part of a definition, and nothing
 * else: each rule is a proven difference between servers holding the same
 * object (test/integration/definition-normalization.test.ts shows each on
 * 10.11 and 11.8). Anything not listed here is compared as printed.
 */

/** The index just past the quoted text (string, identifier) opening at `from`, or the line's end when unterminated. */
function pastQuoted(line: string, from: number): number {
  const quote = line[from];
  for (let at = from + 1; at < line.length; at++) {
    if (line[at] === '\\' && quote === "'") at++;
    else if (line[at] === quote) {
      if (line[at + 1] !== quote) return at + 1;
      at++;
    }
  }
  return line.length;
}

const KEYWORD = ' INVISIBLE';

/** Where a column line's INVISIBLE attribute stands (outside quotes, comments and parentheses), or -1. */
function invisibleAt(line: string): number {
  let depth = 0;
  for (let at = 0; at < line.length;) {
    const c = line[at] ?? '';
    if (c === "'" || c === '`' || c === '"') {
      at = pastQuoted(line, at);
      continue;
    }
    if (line.startsWith('/*', at)) {
      const end = line.indexOf('*/', at + 2);
      at = end < 0 ? line.length : end + 2;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && line.startsWith(KEYWORD, at) && /^(?:[ ,]|$)/.test(line.slice(at + KEYWORD.length, at + KEYWORD.length + 1))) return at;
    at++;
  }
  return -1;
}

/**
 * A column's INVISIBLE moved to the end of its line: 10.11 prints it right
 * after NULL / NOT NULL (before DEFAULT, ON UPDATE, AUTO_INCREMENT and
 * COMMENT), 11.8 after those but before COMMENT. The attribute itself is
 * kept, so a column visible on one side and invisible on the other differs.
 */
function invisibleLast(line: string): string {
  // Column lines of SHOW CREATE TABLE: two spaces and the quoted column name.
  if (!/^ {2}[`"]/.test(line)) return line;
  const at = invisibleAt(line);
  if (at < 0) return line;
  const rest = line.slice(0, at) + line.slice(at + KEYWORD.length);
  return rest.endsWith(',') ? `${rest.slice(0, -1)}${KEYWORD},` : `${rest}${KEYWORD}`;
}

/**
 * One object's SHOW CREATE statement (kind as in SHOW: 'table',
 * 'sequence', 'view', ...) as compared: a table's next AUTO_INCREMENT value
 * is a counter, not a definition (the frozen pass carries it, raised only),
 * and where a table prints INVISIBLE depends on the server's version.
 * An event is compared with ENABLE read as DISABLE (copies are created
 * disabled; a run enables them on one server).
 */
export function normalized(statement: string, kind: string): string {
  // Whether an event is enabled is the run's to set (copies are created DISABLED, enabled at the unfreeze), not a definition.
  if (kind === 'event') return disabledEvent(statement);
  if (kind !== 'table') return statement;
  return statement.replace(/ AUTO_INCREMENT=\d+/, '').split('\n').map(invisibleLast).join('\n');
}
