/**
 * The core's inline markup, read once for every platform. Texts the core
 * builds write `*bold*`, `` `code` ``, links as `<url|label>` (or `<url>`)
 * and line breaks; a backslash makes a following `\`, `*`, `` ` `` or `<`
 * literal. Adapters never parse that syntax themselves: they walk the
 * tokens with their own rules (Slack mrkdwn, terminal, Discord markdown).
 */

/** One piece of inline text. Bold holds no line break and no other bold. */
export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'link'; readonly url: string; readonly label: string }
  | { readonly kind: 'bold'; readonly children: readonly Inline[] }
  | { readonly kind: 'break' };

/** How one platform writes each kind of token; `bold` receives its children already rendered. */
export interface InlineRules {
  readonly text: (text: string) => string;
  readonly code: (text: string) => string;
  readonly link: (url: string, label: string) => string;
  readonly bold: (inner: string) => string;
  readonly lineBreak: string;
}

const urlPattern = /^(?:https?|mailto):[^|>\s]+$/;

/** The characters a backslash makes literal; before any other character a backslash is itself. */
const escapable = /[\\*`<]/;

/**
 * Marks `text` as literal: whatever it holds (a table name, a server's
 * error, what a user typed) reads back as that text, never as bold, code
 * or a link. Use it wherever outside text is put into markup. Only what
 * could be read as markup gets a backslash, so most texts stay as they are.
 */
export function plain(text: string | number): string {
  return String(text).replace(/\\(?=[\\*`<]|$)|[*`]|<(?=(?:https?|mailto):)/g, '\\$&');
}

/** A text's params made literal (names, what was typed, a server's error): they fill a template, they never add markup. */
export function literalParams(params: Readonly<Record<string, string | number>>): Readonly<Record<string, string | number>> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'number' ? value : plain(value)]));
}

/** The index of the next unescaped `char` in `text` from `from` on, before a line break when `sameLine`; -1 when none. */
function closing(text: string, from: number, char: string, sameLine: boolean): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && escapable.test(text[i + 1] ?? '')) i++;
    else if (c === char) return i;
    else if (sameLine && c === '\n') return -1;
  }
  return -1;
}

/** Removes the backslashes of escapes. */
function unescape(text: string): string {
  return text.replace(/\\([\\*`<])/g, '$1');
}

function pushText(out: Inline[], text: string): void {
  if (text === '') return;
  const last = out.at(-1);
  if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + text };
  else out.push({ kind: 'text', text });
}

function tokenize(text: string, inBold: boolean): Inline[] {
  const out: Inline[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\\' && escapable.test(text[i + 1] ?? '')) {
      pushText(out, text[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (c === '\n') {
      out.push({ kind: 'break' });
      i++;
      continue;
    }
    if (c === '`') {
      const end = closing(text, i + 1, '`', false);
      if (end > i + 1) {
        out.push({ kind: 'code', text: unescape(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '*' && !inBold) {
      const end = closing(text, i + 1, '*', true);
      if (end > i + 1) {
        out.push({ kind: 'bold', children: tokenize(text.slice(i + 1, end), true) });
        i = end + 1;
        continue;
      }
    }
    if (c === '<') {
      const end = closing(text, i + 1, '>', true);
      const inside = end > i ? text.slice(i + 1, end) : '';
      const bar = inside.indexOf('|');
      const url = bar >= 0 ? inside.slice(0, bar) : inside;
      if (urlPattern.test(url)) {
        const label = bar >= 0 ? unescape(inside.slice(bar + 1)) : url;
        out.push({ kind: 'link', url, label: label === '' ? url : label });
        i = end + 1;
        continue;
      }
    }
    pushText(out, c);
    i++;
  }
  return out;
}

/** The tokens of a text written in the core's markup. Never throws: what is not markup is text. */
export function parseInline(text: string): Inline[] {
  return tokenize(text, false);
}

export function renderTokens(tokens: readonly Inline[], rules: InlineRules): string {
  return tokens.map((token) => {
    switch (token.kind) {
      case 'text': return rules.text(token.text);
      case 'code': return rules.code(token.text);
      case 'link': return rules.link(token.url, token.label);
      case 'bold': return rules.bold(renderTokens(token.children, rules));
      case 'break': return rules.lineBreak;
    }
  }).join('');
}

/** Renders a text in the core's markup with one platform's rules. */
export function renderInline(text: string, rules: InlineRules): string {
  return renderTokens(parseInline(text), rules);
}

/** Plain text (dialog titles, button labels, notifications): bold marks go, code keeps its backticks, links read "label (url)". */
export const plainRules: InlineRules = {
  text: (text) => text,
  code: (text) => `\`${text}\``,
  link: (url, label) => (label === url ? url : `${label} (${url})`),
  bold: (inner) => inner,
  lineBreak: '\n',
};

export function toPlainText(text: string): string {
  return renderInline(text, plainRules);
}
