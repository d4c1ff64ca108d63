/**
 * Searching SQL text (view and program bodies, defaults, expressions) for
 * code: a function name in a string literal, a comment or a quoted
 * identifier is not a call. Lengths and line breaks are kept, so an index
 * in the cleaned text is an index in the original, and lines stay right.
 */

const blank = (text: string): string => text.replace(/[^\n]/g, ' ');

/**
 * `text` with string literals, quoted identifiers and comments blanked.
 * Executable comments (`/*!50100 ... *\/`, `/*M!...`) run on the server,
 * so only their markers are blanked, not their content.
 */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  let inExecutable = false;
  while (i < text.length) {
    const c = text[i] ?? '';
    const next = text[i + 1] ?? '';
    let end = i + 1;
    if (c === "'" || c === '"' || c === '`') {
      // Quotes doubled inside, and backslash escapes in strings (never in identifiers).
      end = i + 1;
      while (end < text.length) {
        if (c !== '`' && text[end] === '\\') end += 2;
        else if (text[end] === c && text[end + 1] === c) end += 2;
        else if (text[end] === c) { end += 1; break; } else end += 1;
      }
    } else if (c === '/' && next === '*') {
      const executable = /^\/\*M?!\d*/.exec(text.slice(i));
      if (executable) {
        inExecutable = true;
        end = i + executable[0].length;
      } else {
        const close = text.indexOf('*/', i + 2);
        end = close < 0 ? text.length : close + 2;
      }
    } else if (c === '*' && next === '/' && inExecutable) {
      inExecutable = false;
      end = i + 2;
    } else if (c === '#' || (c === '-' && next === '-' && /\s/.test(text[i + 2] ?? '\n'))) {
      const close = text.indexOf('\n', i);
      end = close < 0 ? text.length : close;
    } else {
      out += c;
      i += 1;
      continue;
    }
    out += blank(text.slice(i, end));
    i = end;
  }
  return out;
}

/** The 1-based line of `index` in `text`. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * Which of `names` (case-insensitive) `text` calls, with the line of the
 * first call of each. A name after a dot (`db.kdf(`) is the account's own
 * stored function, not the built-in one, so it is not counted.
 */
export function functionCalls(text: string, names: readonly string[]): { name: string; line: number }[] {
  const code = codeOnly(text);
  const found: { name: string; line: number }[] = [];
  for (const name of names) {
    const match = new RegExp(`(?<![\\w$.])${name}\\s*\\(`, 'i').exec(code);
    if (match) found.push({ name, line: lineAt(code, match.index) });
  }
  return found;
}
