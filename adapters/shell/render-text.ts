import type { Block, Message } from '../../src/messages/model.ts';

export interface TextStyle {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

export const plainStyle: TextStyle = { bold: (s) => s, dim: (s) => s };
export const ansiStyle: TextStyle = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };

/** The core's inline markup for a terminal: *bold*, `code` kept, <url|label> as "label (url)". */
export function inlineToText(text: string, style: TextStyle): string {
  return text
    .replace(/<([^|>\s]+)\|([^>]+)>/g, (_m, url: string, label: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*([^*\n]+)\*/g, (_m, inner: string) => style.bold(inner));
}

function progressBar(ratio: number, width = 20): string {
  const filled = Math.round(Math.min(1, Math.max(0, ratio)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function blockLines(block: Block, style: TextStyle, number: (actionId: string) => number): string[] {
  switch (block.type) {
    case 'header':
      return [style.bold(`== ${block.text} ==`)];
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
      return [block.buttons.map((b) => `[${number(b.actionId)}] ${b.label}`).join('  ')];
    case 'divider':
      return ['--'];
  }
}

/** A message as terminal lines; buttons numbered by `number`. */
export function renderText(message: Message, style: TextStyle, number: (actionId: string) => number): string {
  return message.blocks.flatMap((b) => blockLines(b, style, number)).join('\n');
}
