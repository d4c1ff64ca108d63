/**
 * Text for Discord: the limits of its fields (PROTOCOLS.md), cutting, the
 * core's markup as Discord markdown or plain text, the progress bar.
 */
export const limits = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  modalTitle: 45,
  inputLabel: 45,
  inputPlaceholder: 100,
  choices: 25,
  choiceName: 100,
} as const;

/** Cuts `text` to `max` characters (code points), ending with an ellipsis when it was cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The core's markup as Discord markdown (the seam's tokenizer with Discord's rules). */
export { discordMarkdown as markdown } from './markup.ts';

/** The core's markup as plain text (titles, labels, choices, modal texts). */
export { toPlainText as plain } from '../../src/messages/markup.ts';

const barWidth = 20;

/** A text progress bar: `▓▓▓▓▓░░░░░░░░░░░░░░░ 25%`. */
export function progressBar(ratio: number): string {
  const bounded = Math.min(1, Math.max(0, Number.isFinite(ratio) ? ratio : 0));
  const filled = Math.round(bounded * barWidth);
  return `${'▓'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${Math.floor(bounded * 100)}%`;
}
