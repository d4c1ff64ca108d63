/**
 * SQL text building. Every identifier and literal the copier sends goes
 * through here, because account objects may be named with backticks, quotes,
 * spaces, unicode or keywords, and a single unquoted name breaks the copy.
 */
import { redactSecrets } from '../../../domain/redact.ts';

/** Quotes an identifier with backticks, doubling backticks inside. */
export function quoteIdent(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** `db`.`name`, the only way the copier names a table, view or routine. */
export function qualified(database: string, name: string): string {
  return `${quoteIdent(database)}.${quoteIdent(name)}`;
}

// Escapes that are correct whatever NO_BACKSLASH_ESCAPES says would need
// doubling only the quote; we escape backslashes too because the copier's own
// sessions never enable NO_BACKSLASH_ESCAPES (see openSession).
const STRING_ESCAPES: Record<string, string> = {
  '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z',
};

/** Quotes a string literal for a session without NO_BACKSLASH_ESCAPES. */
export function quoteString(value: string): string {
  // eslint-disable-next-line no-control-regex -- \x1a (Ctrl-Z) is one of the characters MariaDB escapes, as \Z
  return "'" + value.replace(/[\0\n\r\\'"\x1a]/g, (c) => STRING_ESCAPES[c] ?? c) + "'";
}

/** 'user'@'host' as account names are written in CREATE USER, GRANT and DEFINER. */
export function quoteAccount(user: string, host: string): string {
  return `${quoteString(user)}@${quoteString(host)}`;
}

/** Removes `NO_BACKSLASH_ESCAPES` from a sql_mode, since quoteString relies on backslash escapes. */
export function withoutNoBackslashEscapes(sqlMode: string): string {
  return sqlMode.split(',').filter((m) => m !== '' && m !== 'NO_BACKSLASH_ESCAPES').join(',');
}

/** A redacted statement shortened to `max` characters for failure reports. */
export function excerpt(statement: string, max = 300): string {
  const redacted = redactSecrets(statement);
  return redacted.length <= max ? redacted : redacted.slice(0, max - 1) + '…';
}
