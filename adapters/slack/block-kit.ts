/**
 * The core's message model as Block Kit. Every text is cut to its field's
 * limit; a message over 50 blocks keeps its first blocks and its final
 * buttons, with a pointer to the full version in between.
 */
import type { types } from '@slack/bolt';
import type { Block, Button, Locale, Message } from '../../src/messages/model.ts';
import { encodePressValue } from './press-value.ts';
import { cut, limits, mrkdwn, shortenedPointer, splitText } from './slack-text.ts';
import { plain, toPlainText } from '../../src/messages/markup.ts';

type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

const barWidth = 20;

/** A text progress bar: `▓▓▓▓▓░░░░░░░░░░░░░░░ 25%`. */
export function progressBar(ratio: number): string {
  const bounded = Math.min(1, Math.max(0, Number.isFinite(ratio) ? ratio : 0));
  const filled = Math.round(bounded * barWidth);
  return `${'▓'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${Math.floor(bounded * 100)}%`;
}

function plainText(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: cut(toPlainText(text), max) || ' ', emoji: true };
}

/**
 * A mrkdwn text object. Verbatim: Slack would otherwise turn every URL and
 * channel name of the text into a link, those of a table name or a server's
 * error too; the core's own links (`<url|label>`) still are links.
 */
function mrkdwnText(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

function sections(text: string): SlackBlock[] {
  return splitText(mrkdwn(text), limits.sectionText).map((piece) => ({ type: 'section', text: mrkdwnText(piece) }));
}

function button(b: Button): types.Button {
  const element: types.Button = {
    type: 'button',
    text: plainText(b.label, limits.buttonText),
    action_id: cut(b.actionId, limits.actionId),
    value: encodePressValue(b),
    ...(b.style ? { style: b.style } : {}),
  };
  if (b.confirm) {
    element.confirm = {
      title: plainText(b.confirm.title, limits.confirmTitle),
      text: plainText(b.confirm.text, limits.confirmText),
      confirm: plainText(b.confirm.yes, limits.confirmButton),
      deny: plainText(b.confirm.no, limits.confirmButton),
      ...(b.style === 'danger' ? { style: 'danger' as const } : {}),
    };
  }
  return element;
}

function blockKit(block: Block): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'header', text: plainText(block.text, limits.headerText) }];
    case 'section': {
      const out: SlackBlock[] = block.text ? sections(block.text) : [];
      const fields = (block.fields ?? []).map((f) => mrkdwnText(cut(`${mrkdwn(`*${plain(toPlainText(f.label))}*`)}\n${mrkdwn(f.value)}`, limits.fieldText)));
      for (let i = 0; i < fields.length; i += limits.fieldsPerSection) {
        out.push({ type: 'section', fields: fields.slice(i, i + limits.fieldsPerSection) });
      }
      return out;
    }
    case 'context':
      return [{ type: 'context', elements: [mrkdwnText(cut(mrkdwn(block.text), limits.sectionText))] }];
    case 'progress':
      return [{ type: 'section', text: mrkdwnText(cut(`\`${progressBar(block.ratio)}\`  ${mrkdwn(block.label)}`, limits.sectionText)) }];
    case 'actions': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.buttons.length; i += limits.buttonsPerActions) {
        out.push({ type: 'actions', elements: block.buttons.slice(i, i + limits.buttonsPerActions).map(button) });
      }
      return out;
    }
    case 'divider':
      return [{ type: 'divider' }];
  }
}

/** Where the full version of a shortened message is: `/migrate status <account>` for an operation. */
function fullVersionCommand(message: Message): string | undefined {
  return message.operation ? `/migrate status ${message.operation.accountId}` : undefined;
}

/**
 * Keeps a message within `max` blocks: the first blocks in order, then a
 * pointer to the full version, then the trailing actions block(s) so the
 * buttons (Cancel, Rollback) are never the part that is cut.
 */
export function fitBlocks(blocks: SlackBlock[], max: number, pointer: (cutCount: number) => string): SlackBlock[] {
  if (blocks.length <= max) return blocks;
  let tailStart = blocks.length;
  while (tailStart > 0 && blocks[tailStart - 1]?.type === 'actions' && blocks.length - tailStart < max - 2) tailStart--;
  const tail = blocks.slice(tailStart);
  const head = blocks.slice(0, tailStart);
  const keep = max - tail.length - 1;
  const cutCount = head.length - keep;
  return [...head.slice(0, keep), { type: 'context', elements: [mrkdwnText(pointer(cutCount))] }, ...tail];
}

/** A core message as a Slack message: Block Kit blocks and the plain-text fallback for notifications. */
export function renderMessage(message: Message, fallbackLocale: Locale): SlackMessage {
  const locale = message.locale ?? fallbackLocale;
  const command = fullVersionCommand(message);
  const blocks = fitBlocks(message.blocks.flatMap(blockKit), limits.blocksPerMessage, (count) => shortenedPointer(locale, count, command));
  return { text: cut(mrkdwn(message.text), limits.fallbackText), blocks };
}
