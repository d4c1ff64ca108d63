/**
 * What a replay accepts to run: a single plain SELECT (or WITH ... SELECT),
 * judged on its tokens once comments are stripped. Executable comments
 * (`/*! ... *\/`, `/*M! ... *\/`) are code to the server, so they are code
 * here too. This is the first guard; the second is the read-only
 * transaction every query runs in (see session.ts).
 */
import type { replayRefusals } from '../../reports.ts';

export type Refusal = (typeof replayRefusals)[number];

export type Verdict =
  | { readonly ok: true; readonly sql: string; readonly fingerprint: string; readonly ordered: boolean }
  | { readonly ok: false; readonly reason: Refusal; readonly fingerprint: string };

interface Token {
  readonly kind: 'word' | 'ident' | 'literal' | 'punct';
  /** Words upper-cased, identifiers as named (unquoted), punctuation as is; literals are '?'. */
  readonly text: string;
  /** As written (words keep their case in fingerprints). */
  readonly shown: string;
  readonly depth: number;
}

const SYSTEM_SCHEMAS = new Set(['mysql', 'information_schema', 'performance_schema', 'sys']);
/** Functions that take locks other sessions see, or only wait: never replayed. */
const LOCKING_FUNCTIONS = new Set(['GET_LOCK', 'RELEASE_LOCK', 'RELEASE_ALL_LOCKS', 'IS_USED_LOCK']);
const WAITING_FUNCTIONS = new Set(['SLEEP', 'BENCHMARK', 'MASTER_POS_WAIT', 'MASTER_GTID_WAIT']);

/** Splits SQL into tokens; null when a string, identifier or comment is not terminated. */
export function tokenize(sql: string): Token[] | null {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: Token['kind'], text: string, shown = text): void => { tokens.push({ kind, text, shown, depth }); };
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1] ?? '';
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#' || (c === '-' && next === '-' && /[\s]|^$/.test(sql[i + 2] ?? ''))) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      const executable = /^\/\*M?!\d*/.exec(sql.slice(i));
      if (executable) { i += executable[0].length; continue; }
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return null;
      i = end + 2;
      continue;
    }
    // The end of an executable comment: its content was code.
    if (c === '*' && next === '/') { i += 2; continue; }
    if (c === "'" || c === '"' || c === '`') {
      const end = quotedEnd(sql, i);
      if (end < 0) return null;
      if (c === '`') push('ident', sql.slice(i + 1, end).replaceAll('``', '`'));
      else push('literal', '?');
      i = end + 1;
      continue;
    }
    const number = /^(0x[0-9a-f]+|\d+(\.\d*)?(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/i.exec(sql.slice(i));
    if (number) { push('literal', '?'); i += number[0].length; continue; }
    const word = /^[\p{L}_$@][\p{L}\p{N}_$@]*/u.exec(sql.slice(i));
    if (word) { push('word', word[0].toUpperCase(), word[0]); i += word[0].length; continue; }
    if (c === ')') depth = Math.max(0, depth - 1);
    push('punct', c);
    if (c === '(') depth++;
    i++;
  }
  return tokens;
}

/** Index of the quote closing the one at `start` (doubled quotes and, in strings, backslashes escape); -1 if none. */
function quotedEnd(sql: string, start: number): number {
  const quote = sql[start];
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\' && quote !== '`') { i++; continue; }
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) { i++; continue; }
      return i;
    }
  }
  return -1;
}

/** The query as shown in reports: literals as `?`, lists of them folded, spaced as people write SQL. */
function fingerprintOf(tokens: readonly Token[]): string {
  let text = '';
  let previous: Token | undefined;
  for (const token of tokens) {
    const shown = token.kind === 'ident' ? `\`${token.text.replaceAll('`', '``')}\`` : token.shown;
    const glued = previous === undefined || [',', ')', '.'].includes(token.text) || ['(', '.'].includes(previous.text)
      || (token.text === '(' && previous.kind === 'word');
    text += glued ? shown : ` ${shown}`;
    previous = token;
  }
  return text.replace(/\(\?(, \?)+\)/g, '(?+)');
}

const isWord = (token: Token | undefined, ...words: string[]): boolean => token?.kind === 'word' && words.includes(token.text);

function refusal(tokens: readonly Token[]): Refusal | null {
  const first = tokens.find((t) => t.text !== '(');
  if (!isWord(first, 'SELECT', 'WITH')) return 'not-select';
  const semicolon = tokens.findIndex((t) => t.text === ';');
  if (semicolon >= 0 && tokens.slice(semicolon).some((t) => t.text !== ';')) return 'multiple-statements';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const after = tokens[i + 1];
    if (token.kind === 'word') {
      if (['INTO', 'PROCEDURE'].includes(token.text)) return 'writes';
      // INSERT( and REPLACE( are string functions; as statements they are not SELECTs.
      if (['INSERT', 'UPDATE', 'DELETE', 'REPLACE'].includes(token.text) && after?.text !== '(') return 'writes';
      if ((token.text === 'FOR' && isWord(after, 'UPDATE', 'SHARE')) || (token.text === 'LOCK' && isWord(after, 'IN'))) return 'locks';
      if (after?.text === '(' && LOCKING_FUNCTIONS.has(token.text)) return 'locks';
      if (after?.text === '(' && WAITING_FUNCTIONS.has(token.text)) return 'waits';
    }
    if ((token.kind === 'word' || token.kind === 'ident') && after?.text === '.' && SYSTEM_SCHEMAS.has(token.text.toLowerCase())) return 'system-schema';
  }
  return null;
}

/**
 * Whether a statement may be replayed, and how its results compare: in
 * order when the outer query has an ORDER BY, as a multiset otherwise.
 */
export function vetStatement(raw: string): Verdict {
  const sql = raw.trim().replace(/;+\s*$/, '');
  const tokens = tokenize(sql);
  // Up to the first quote only: the rest may be a private value.
  if (!tokens) return { ok: false, reason: 'unterminated', fingerprint: (sql.split(/['"`]/)[0] ?? '').slice(0, 60) };
  const fingerprint = fingerprintOf(tokens);
  const reason = refusal(tokens);
  if (reason) return { ok: false, reason, fingerprint };
  const ordered = tokens.some((t, i) => t.depth === 0 && isWord(t, 'ORDER') && isWord(tokens[i + 1], 'BY'));
  return { ok: true, sql, fingerprint, ordered };
}
