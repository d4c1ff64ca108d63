import type { Block, Message } from '../../src/messages/model.ts';
import { renderInline, type InlineRules } from '../../src/messages/markup.ts';

export interface TextStyle {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

export const plainStyle: TextStyle = { bold: (s) => s, dim: (s) => s };
export const ansiStyle: TextStyle = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };

/** C0 controls and DEL but the line break: text from outside (a server's error) must not move the cursor or colour the terminal. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
const controlChars = /[\u0000-\u0009\u000b-\u001f\u007f\u009b]/g;

function terminalRules(style: TextStyle): InlineRules {
  return {
    text: (text) => text.replace(controlChars, ' '),
    code: (text) => `\`${text.replace(controlChars, ' ').replace(/\n/g, ' ')}\``,
    link: (url, label) => (label === url ? url : `${label} (${url})`).replace(controlChars, ' '),
    bold: (inner) => style.bold(inner),
    lineBreak: '\n',
  };
}

/** The core's inline markup for a terminal: bold in `style`, `code` kept, links as "label (url)". */
export function inlineToText(text: string, style: TextStyle): string {
  return renderInline(text, terminalRules(style));
}

function progressBar(ratio: number, width = 20): string {
  const filled = Math.round(Math.min(1, Math.max(0, ratio)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function blockLines(block: Block, style: TextStyle, number: (actionId: string) => number): string[] {
  switch (block.type) {
    case 'header':
      return [style.bold(`== ${inlineToText(block.text, plainStyle)} ==`)];
    case 'section': {
      const lines = block.text ? inlineToText(block.text, style).split('\n') : [];
      for (const field of block.fields ?? []) lines.push(`${style.bold(field.label)}: ${inlineToText(field.value, style)}`);
      return lines;
    }
    case 'context':
      return [style.dim(inlineToText(block.text, style))];
    case 'progress':
      return [`${progressBar(block.ratio)} ${inlineToText(block.label, style)}`];
    case 'actions':
      return [block.buttons.map((b) => `[${number(b.actionId)}] ${inlineToText(b.label, plainStyle)}`).join('  ')];
    case 'divider':
      return ['--'];
  }
}

/** A message as terminal lines; buttons numbered by `number`. */
export function renderText(message: Message, style: TextStyle, number: (actionId: string) => number): string {
  return message.blocks.flatMap((b) => blockLines(b, style, number)).join('\n');
}
