/**
 * Text for Block Kit: the core's markup tokens (src/messages/markup.ts)
 * written as Slack mrkdwn, and every text cut to the limit of its field.
 */
import type { Locale } from '../../src/messages/model.ts';
import { renderInline, type InlineRules } from '../../src/messages/markup.ts';

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

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack's mrkdwn. Every `<`, `>` and `&` of text is escaped, so only the
 * core's own links are links: a SQL statement or an error message shows
 * as written, never as a mention or a link. Inline code holds no backtick
 * (Slack has no way to escape one) nor a line break.
 */
export const mrkdwnRules: InlineRules = {
  text: escapeMrkdwn,
  code: (text) => `\`${escapeMrkdwn(text).replace(/`/g, 'ˋ').replace(/\n/g, ' ')}\``,
  link: (url, label) => `<${url.replace(/&/g, '&amp;')}|${escapeMrkdwn(label)}>`,
  bold: (inner) => `*${inner}*`,
  lineBreak: '\n',
};

/** The core's markup as Slack mrkdwn. */
export function mrkdwn(text: string): string {
  return renderInline(text, mrkdwnRules);
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
