/** A SQL string literal, or what is left of one at the end of a truncated text. */
const LITERAL = String.raw`'(?:[^'\\]|\\.|'')*(?:'|$)`;

/**
 * In an IDENTIFIED clause (CREATE/ALTER USER, GRANT, SHOW CREATE USER and
 * SHOW GRANTS output), the literal after BY, BY PASSWORD, USING or AS, and a
 * PASSWORD('...') argument: every OR-ed authentication method has one.
 * Other literals (REQUIRE SUBJECT, account names) are no secret and stay.
 */
const AUTHENTICATION = new RegExp(String.raw`\b(BY|USING|AS)(\s+)(PASSWORD\s*(?:\(\s*)?)?${LITERAL}`, 'gi');
const PASSWORD_ARGUMENT = new RegExp(String.raw`\b(PASSWORD\s*(?:\(|=)\s*)${LITERAL}`, 'gi');

function hideAuthentication(text: string): string {
  const at = text.search(/\bIDENTIFIED\b/i);
  if (at < 0) return text;
  const rest = text.slice(at).replace(AUTHENTICATION, (_m, word: string, space: string, password: string | undefined) =>
    `${word}${space}${password ?? ''}'***'`);
  return text.slice(0, at) + rest;
}

/**
 * Removes what looks like a credential from a text before it reaches a log,
 * a chat message, a report or the state database's error column: password
 * literals and hashes of SQL statements (see AUTHENTICATION), bare
 * mysql_native_password hashes (a server message may quote one), passwords
 * of config-like text and URLs, and Slack tokens. Only the secret itself
 * is replaced, so the rest of a statement can still be compared by eye.
 */
export function redactSecrets(text: string): string {
  return hideAuthentication(text)
    .replace(PASSWORD_ARGUMENT, "$1'***'")
    .replace(/\*[0-9A-Fa-f]{40}\b/g, '****')
    .replace(/(password["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1***')
    .replace(/(mysql:\/\/[^:@/\s]+:)[^@\s]+@/gi, '$1***@')
    .replace(/\bx(?:ox[bpa]|app)-[A-Za-z0-9-]+/g, 'x***');
}
