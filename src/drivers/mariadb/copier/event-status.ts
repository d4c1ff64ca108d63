/**
 * The status clause of a CREATE EVENT statement as SHOW CREATE EVENT prints
 * it: `... ON SCHEDULE ... [ON COMPLETION [NOT] PRESERVE]
 * [ENABLE | DISABLE | DISABLE ON SLAVE] [COMMENT '...'] DO body`. Words are
 * read outside quotes, identifiers, comments and parentheses, and only
 * before the body's DO, so names, comments and bodies never match.
 */

interface Word { readonly text: string; readonly start: number; readonly end: number }

/** The index just past the quoted text opening at `from` (a doubled quote stays inside; a backslash escapes in strings). */
function pastQuoted(sql: string, from: number): number {
  const quote = sql[from];
  for (let at = from + 1; at < sql.length; at++) {
    if (sql[at] === '\\' && quote !== '`') at++;
    else if (sql[at] === quote) {
      if (sql[at + 1] !== quote) return at + 1;
      at++;
    }
  }
  return sql.length;
}

/** The top-level words of the statement up to (not including) its first top-level DO. */
function headWords(sql: string): { words: Word[]; doAt: number } {
  const words: Word[] = [];
  let depth = 0;
  for (let at = 0; at < sql.length;) {
    const c = sql[at] ?? '';
    if (c === "'" || c === '"' || c === '`') { at = pastQuoted(sql, at); continue; }
    if (sql.startsWith('/*', at)) { const end = sql.indexOf('*/', at + 2); at = end < 0 ? sql.length : end + 2; continue; }
    if (c === '(') depth++;
    if (c === ')') depth--;
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(at, at + 64));
    const boundary = at === 0 || !/[A-Za-z0-9_$@.]/.test(sql[at - 1] ?? '');
    if (word && boundary) {
      if (depth === 0) {
        if (word[0].toUpperCase() === 'DO') return { words, doAt: at };
        words.push({ text: word[0].toUpperCase(), start: at, end: at + word[0].length });
      }
      at += word[0].length;
      continue;
    }
    at++;
  }
  return { words, doAt: -1 };
}

/**
 * The statement with an ENABLE status turned into DISABLE: a copied event
 * must not fire on a second server (a run enables it there at its
 * unfreeze). DISABLE and DISABLE ON SLAVE (which does not fire either) are
 * kept; a statement without a status clause (ENABLE by default) gets
 * DISABLE before its DO. Throws when the statement has no top-level DO
 * (not a CREATE EVENT as SHOW prints it).
 */
export function disabledEvent(sql: string): string {
  const { words, doAt } = headWords(sql);
  if (doAt < 0) throw new Error('not a CREATE EVENT statement: no DO before its body');
  const status = words.find((w) => w.text === 'ENABLE' || w.text === 'DISABLE');
  if (!status) return `${sql.slice(0, doAt)}DISABLE ${sql.slice(doAt)}`;
  return status.text === 'DISABLE' ? sql : `${sql.slice(0, status.start)}DISABLE${sql.slice(status.end)}`;
}
