/**
 * Text for Block Kit: the core's inline markup is already Slack's mrkdwn
 * (`*bold*`, `` `code` ``, `<url|label>`), so only the characters Slack
 * reserves are escaped, and every text is cut to the limit of its field.
 */
import type { Locale } from '../../src/messages/model.ts';

/** Slack's limits (Block Kit reference); a message over them is refused with invalid_blocks. */
export const limits = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  buttonsPerActions: 25,
  fieldsPerSection: 10,
  sectionText: 3000,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  fallbackText: 4000,
} as const;

/** Cuts `text` to `max` characters (code points), ending with an ellipsis when it was cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

const linkPattern = /<((?:https?|mailto):[^|>\s]+)\|([^>]+)>/g;

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The core's markup as Slack mrkdwn. Links written `<url|label>` stay links;
 * any other `<`, `>` or `&` (a SQL statement, an error message) is escaped so
 * Slack shows it instead of reading it as a mention or a link.
 */
export function mrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(linkPattern)) {
    const [whole, url, label] = match;
    out += escapeMrkdwn(text.slice(last, match.index));
    out += `<${(url ?? '').replace(/&/g, '&amp;')}|${escapeMrkdwn(label ?? '')}>`;
    last = match.index + whole.length;
  }
  return out + escapeMrkdwn(text.slice(last));
}

/** The core's markup as plain text (headers, button labels, dialogs): links become "label (url)", bold stars go. */
export function plain(text: string): string {
  return text
    .replace(linkPattern, (_m, url: string, label: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*([^*\n]+)\*/g, '$1');
}

/** Splits a long text at line ends (or hard, for one overlong line) into pieces of at most `max` characters. */
export function splitText(text: string, max: number): string[] {
  if ([...text].length <= max) return [text];
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if ([...candidate].length <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') pieces.push(current);
    let rest = line;
    while ([...rest].length > max) {
      pieces.push([...rest].slice(0, max).join(''));
      rest = [...rest].slice(max).join('');
    }
    current = rest;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

const texts = {
  en: {
    shortened: '_This message is shortened ({count} more blocks); `{command}` shows all of it._',
    shortenedNoCommand: '_This message is shortened ({count} more blocks)._',
  },
  fr: {
    shortened: '_Ce message est raccourci ({count} blocs de plus) ; `{command}` le montre en entier._',
    shortenedNoCommand: '_Ce message est raccourci ({count} blocs de plus)._',
  },
} as const;

/** The pointer that replaces the blocks cut from a long message, in the message's language. */
export function shortenedPointer(locale: Locale, count: number, command: string | undefined): string {
  const template = command === undefined ? texts[locale].shortenedNoCommand : texts[locale].shortened;
  return template.replace('{count}', String(count)).replace('{command}', command ?? '');
}
