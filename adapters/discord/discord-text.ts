/**
 * The core's inline markup (`*bold*`, `` `code` ``, `<url|label>`) as
 * Discord markdown (`**bold**`, `` `code` ``, `[label](url)`), with every
 * other character Discord reads as markup escaped: `demo_shop, demo_blog`
 * must not turn into italics. Limits are Discord's (PROTOCOLS.md).
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

const token = /(`[^`\n]+`)|<((?:https?|mailto):[^|>\s]+)\|([^>]+)>|\*([^*\n]+)\*/g;

/** Characters Discord reads as markup anywhere, and those it reads at a line's start (headings, quotes, lists). */
function escape(text: string): string {
  return text.replace(/([\\*_~|`[])/g, '\\$1').replace(/^([#>-])/gm, '\\$1');
}

/** The core's markup as Discord markdown. */
export function markdown(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(token)) {
    const [whole, code, url, label, bold] = match;
    out += escape(text.slice(last, match.index));
    if (code !== undefined) out += code;
    else if (url !== undefined) out += `[${escape(label ?? url)}](${url.replace(/\)/g, '%29')})`;
    else out += `**${escape(bold ?? '')}**`;
    last = match.index + whole.length;
  }
  return out + escape(text.slice(last));
}

/** The core's markup as plain text (titles, labels, choices): links become "label (url)", bold stars go. */
export function plain(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>\s]+)\|([^>]+)>/g, (_m, url: string, label: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*([^*\n]+)\*/g, '$1');
}

const barWidth = 20;

/** A text progress bar: `▓▓▓▓▓░░░░░░░░░░░░░░░ 25%`. */
export function progressBar(ratio: number): string {
  const bounded = Math.min(1, Math.max(0, Number.isFinite(ratio) ? ratio : 0));
  const filled = Math.round(bounded * barWidth);
  return `${'▓'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${Math.floor(bounded * 100)}%`;
}
