/**
 * The core's inline markup as Discord markdown: `**bold**`, `` `code` ``,
 * masked links `[label](url)`. On Discord `*x*` is italics, so nothing of
 * the core's syntax passes through as is. Literal text is escaped with
 * backslashes, so a table name or a server's error never becomes markdown,
 * a masked link or a mention.
 */
import { renderInline, type InlineRules } from '../../src/messages/markup.ts';

/**
 * Characters Discord's markdown reads: emphasis, code, spoilers, quotes,
 * headings, masked links, mentions, and the colon of `https:` (an escaped
 * one is not auto-linked) and of `:emoji:`.
 */
const markdownChars = /[\\*_~`|>#[\]()<@:]/g;

function escapeText(text: string): string {
  // A dash and a space open a list item only at the start of a line.
  return text.replace(markdownChars, '\\$&').replace(/^-(?= )/, '\\-');
}

/** Inline code cannot escape a backtick: a span holding one is fenced with two and padded (CommonMark). */
function code(text: string): string {
  const flat = text.replace(/\n/g, ' ');
  if (!flat.includes('`')) return `\`${flat}\``;
  return `\`\` ${flat.replace(/``+/g, (run) => run.split('').join('\u200b'))} \`\``;
}

/** A URL inside `(...)`: parentheses and spaces would end it early. */
function linkTarget(url: string): string {
  return url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export const discordRules: InlineRules = {
  text: escapeText,
  code,
  // A bare URL in angle brackets is a link without an embed preview.
  link: (url, label) => (label === url ? `<${linkTarget(url)}>` : `[${escapeText(label)}](${linkTarget(url)})`),
  bold: (inner) => `**${inner}**`,
  lineBreak: '\n',
};

/** A text in the core's markup as Discord markdown (message content, embed descriptions and field values). */
export function discordMarkdown(text: string): string {
  return renderInline(text, discordRules);
}
