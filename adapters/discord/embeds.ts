/**
 * The core's message model as a Discord message: one embed (title from the
 * header, the other blocks in its description, fields, a colour by the
 * operation's status) and buttons in action rows. Discord's limits are
 * applied here: a long message keeps its head, ends with a pointer to
 * `/migrate status`, and always keeps its buttons.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Block, Button, Locale, Message, OperationStatus } from '../../src/messages/model.ts';
import { t } from '../../src/messages/i18n.ts';
import { encodeCustomId, fitsCustomId, stepOf } from './custom-id.ts';
import { cut, limits, markdown, plain, progressBar } from './discord-text.ts';

/** What the bot sends as a message body (channel message, interaction answer, follow-up). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** Never ping anyone from a text the bot did not write itself (an error message, a table name). */
  allowed_mentions: { parse: [] };
}

const neutral = 0x5865f2;
const colours: Record<OperationStatus, number> = {
  pending_approval: 0xf1c40f, queued: neutral, running: 0x3498db, succeeded: 0x2ecc71, failed: 0xe74c3c, cancelled: 0x95a5a6, needs_attention: 0xe67e22,
};

function button(b: Button): APIButtonComponentWithCustomId {
  const style = b.style === 'danger' ? ButtonStyle.Danger : b.style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary;
  return { type: ComponentType.Button, style, label: cut(plain(b.label), limits.buttonLabel) || '…', custom_id: encodeCustomId(stepOf(b), b.actionId) };
}

/** Buttons in rows of 5, at most 5 rows: Discord refuses a message with more. */
export function actionRows(buttons: readonly Button[]): DiscordMessage['components'] {
  const usable = buttons.filter((b) => fitsCustomId(b.actionId)).slice(0, limits.rows * limits.buttonsPerRow);
  const rows: DiscordMessage['components'] = [];
  for (let i = 0; i < usable.length; i += limits.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: usable.slice(i, i + limits.buttonsPerRow).map(button) });
  }
  return rows;
}

function line(block: Block): string | undefined {
  switch (block.type) {
    case 'header': return `**${markdown(block.text)}**`;
    case 'section': return block.text === '' ? undefined : markdown(block.text);
    case 'context': return `-# ${markdown(block.text).replace(/\n/g, '\n-# ')}`;
    case 'progress': return `\`${progressBar(block.ratio)}\`  ${markdown(block.label)}`;
    case 'divider': return '';
    case 'actions': return undefined;
  }
}

function fieldsOf(blocks: readonly Block[]): APIEmbedField[] {
  return blocks.flatMap((b) => (b.type === 'section' ? [...(b.fields ?? [])] : [])).map((f) => ({
    name: cut(plain(f.label), limits.fieldName) || '-', value: cut(markdown(f.value), limits.fieldValue) || '-', inline: f.value.length <= 40,
  }));
}

function pointer(message: Message, locale: Locale): string {
  // A check's closing line says where every object is; the cut took it away, so the pointer says it again.
  if (message.check !== undefined) return `${t(locale, 'discord.shortened-no-command')} ${t(locale, 'check.full-report')}`;
  const account = message.operation?.accountId;
  return account === undefined ? t(locale, 'discord.shortened-no-command') : t(locale, 'discord.shortened', { command: `/migrate status ${account}` });
}

/** A message of one short text goes as plain content, like a person's reply; anything else as an embed. */
function plainTextOf(message: Message): string | undefined {
  const [only, ...rest] = message.blocks;
  if (rest.length > 0 || only?.type !== 'section' || (only.fields ?? []).length > 0 || message.operation) return undefined;
  const content = markdown(only.text);
  return content.trim() !== '' && [...content].length <= limits.content ? content : undefined;
}

export function renderDiscordMessage(message: Message, fallbackLocale: Locale): DiscordMessage {
  const locale = message.locale ?? fallbackLocale;
  const components = actionRows(message.blocks.flatMap((b) => (b.type === 'actions' ? [...b.buttons] : [])));
  const plainText = plainTextOf(message);
  if (plainText !== undefined) return { content: plainText, embeds: [], components, allowed_mentions: { parse: [] } };
  const headerIndex = message.blocks.findIndex((b) => b.type === 'header');
  const header = message.blocks[headerIndex];
  // An operation's title carries its status ("Test of ... for demo: succeeded"), as the fallback text does.
  const titleText = message.operation ? message.text : header?.type === 'header' ? header.text : undefined;
  const title = titleText === undefined ? undefined : cut(plain(titleText), limits.embedTitle);
  const body = message.blocks.filter((_b, i) => i !== headerIndex).map(line).filter((l): l is string => l !== undefined);
  const allFields = fieldsOf(message.blocks);
  const more = `\n\n*${pointer(message, locale)}*`;
  // Fields take what the 6,000 characters leave after the title and room for the pointer; the description the rest.
  let used = [...(title ?? '')].length;
  const fields: APIEmbedField[] = [];
  for (const field of allFields.slice(0, limits.embedFields)) {
    const size = [...field.name].length + [...field.value].length;
    if (used + size > limits.embedsTotal - [...more].length - 200) break;
    fields.push(field);
    used += size;
  }
  const room = Math.min(limits.embedDescription, limits.embedsTotal - used);
  let description = body.join('\n');
  if ([...description].length > room || fields.length < allFields.length) description = `${cut(description, room - [...more].length)}${more}`;
  const embed: APIEmbed = {
    color: message.operation ? colours[message.operation.status] : neutral,
    ...(title !== undefined ? { title } : {}),
    ...(description.trim() !== '' ? { description } : {}),
    ...(fields.length > 0 ? { fields } : {}),
  };
  return { embeds: [embed], components, allowed_mentions: { parse: [] } };
}
