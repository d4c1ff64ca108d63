/**
 * Removes what looks like a credential from a text before it reaches a log,
 * a chat message or the state database's error column.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/(IDENTIFIED\s+(?:BY|VIA|WITH)\s+(?:\w+\s+(?:USING|AS|BY)\s+)?)(?:PASSWORD\s*\()?'(?:[^'\\]|\\.)*'\)?/gi, "$1'***'")
    .replace(/(PASSWORD\s*(?:\(|=)\s*)'(?:[^'\\]|\\.)*'/gi, "$1'***'")
    .replace(/(password["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1***')
    .replace(/(mysql:\/\/[^:@/\s]+:)[^@\s]+@/gi, '$1***@')
    .replace(/\bx(?:ox[bpa]|app)-[A-Za-z0-9-]+/g, 'x***');
}
