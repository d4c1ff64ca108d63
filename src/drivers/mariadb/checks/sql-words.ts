/**
 * A small tokenizer for the bodies of views, routines, triggers and events,
 * enough for rules that look for words: it knows what is NOT code (strings,
 * comments, quoted identifiers) so a rule never flags `'offset'` or
 * `-- vector`, and it keeps each token's line so findings can point at it.
 * Executable comments (`/*! ... *\/`, `/*M!100301 ... *\/`) are code: the
 * server runs what they hold, so their content is tokenized.
 */

export type TokenKind =
  /** An unquoted word: keyword or identifier (`SELECT`, `offset`, `t1`). */
  | 'word'
  /** A backquoted identifier, unquoted (`\`vector\`` → `vector`). */
  | 'quoted'
  /** A string literal ('...' or "..."), text without quotes. */
  | 'string'
  | 'number'
  /** A user variable `@name` (text without `@`). */
  | 'variable'
  /** A system variable `@@name` or `@@global.name` (text: the name, lower case). */
  | 'system-variable'
  /** One punctuation character, or `:=`. */
  | 'punct';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based line of the body the token starts on. */
  readonly line: number;
}

const WORD = /[\p{L}\p{N}_$\u0080-\uffff]/u;
const SCOPES = new Set(['global', 'session', 'local']);

/** The tokens of `sql`; unterminated strings or comments run to the end of the text. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const n = sql.length;
  const push = (kind: TokenKind, text: string, startLine: number): void => { tokens.push({ kind, text, line: startLine }); };
  /** Moves past `end` (or to the end of the text), counting the lines skipped. */
  const until = (end: string, from: number): void => {
    const stop = sql.indexOf(end, from);
    line += sql.slice(from, stop < 0 ? n : stop).split('\n').length - 1;
    i = stop < 0 ? n : stop + end.length;
  };
  /** Reads the quoted text starting at `i` (on its opening quote), leaves `i` past the closing one. */
  const quoted = (quote: string, backslash: boolean): string => {
    let j = i + 1;
    let text = '';
    while (j < n) {
      let d = sql.charAt(j);
      if (backslash && d === '\\' && j + 1 < n) {
        j += 1;
        d = sql.charAt(j);
      } else if (d === quote) {
        if (sql.charAt(j + 1) !== quote) break;
        j += 1; // a doubled quote stands for one
      }
      if (d === '\n') line += 1;
      text += d;
      j += 1;
    }
    i = j + 1;
    return text;
  };
  while (i < n) {
    const c = sql.charAt(i);
    const next = sql.charAt(i + 1);
    if (c === '\n') { line += 1; i += 1; continue; }
    if (/\s/.test(c)) { i += 1; continue; }
    // `--` starts a comment only when followed by a space or control character (or the end).
    if (c === '#' || (c === '-' && next === '-' && !/[^\s]/.test(sql.charAt(i + 2)))) {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if (c === '/' && next === '*') {
      const executable = /^\/\*(M?!)(\d{5,6})?/.exec(sql.slice(i, i + 10));
      if (executable) { i += executable[0].length; continue; }
      until('*/', i + 2);
      continue;
    }
    if (c === '*' && next === '/') { i += 2; continue; } // end of an executable comment
    if (c === "'" || c === '"' || c === '`') {
      const startLine = line;
      // Strings take backslash escapes, names do not; both double their quote to escape it.
      const text = quoted(c, c !== '`');
      push(c === '`' ? 'quoted' : 'string', text, startLine);
      continue;
    }
    if (c === '@') {
      const system = next === '@';
      let j = i + (system ? 2 : 1);
      const start = j;
      while (j < n && (WORD.test(sql.charAt(j)) || sql.charAt(j) === '.')) j += 1;
      let name = sql.slice(start, j);
      if (system) {
        const dot = name.indexOf('.');
        if (dot > 0 && SCOPES.has(name.slice(0, dot).toLowerCase())) name = name.slice(dot + 1);
        push('system-variable', name.toLowerCase(), line);
      } else {
        push('variable', name, line);
      }
      i = j;
      continue;
    }
    if (WORD.test(c)) {
      let j = i;
      while (j < n && WORD.test(sql.charAt(j))) j += 1;
      const text = sql.slice(i, j);
      push(/^\d+$/.test(text) ? 'number' : 'word', text, line);
      i = j;
      continue;
    }
    if (c === ':' && next === '=') { push('punct', ':=', line); i += 2; continue; }
    push('punct', c, line);
    i += 1;
  }
  return tokens;
}

/** True when `token` is the unquoted word `word` (case-insensitive). */
export const isWord = (token: Token | undefined, word: string): boolean =>
  token?.kind === 'word' && token.text.toUpperCase() === word;
