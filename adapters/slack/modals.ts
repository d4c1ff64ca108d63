/**
 * Modals for presses that need more than a click: typed confirmation (an
 * input) and approval (a review of what is approved). The modal's
 * private_metadata carries what the press needs once submitted.
 */
import type { types } from '@slack/bolt';
import type { ModalSpec } from './press-value.ts';
import { cut, limits, mrkdwn } from './slack-text.ts';
import { toPlainText } from '../../src/messages/markup.ts';

export const pressCallbackId = 'migrate-press';
export const typedBlockId = 'typed';
export const typedActionId = 'typed';

/** What a modal submission needs to count as the press it stands for. */
export interface PressMetadata {
  /** The core's durable action id. */
  readonly a: string;
  /** The channel the button was pressed in. */
  readonly c: string;
  /** The response_url of the press, to replace the pressed message right after the submission. */
  readonly r?: string;
}

function text(value: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: cut(toPlainText(value), max) || ' ', emoji: true };
}

export function pressModal(spec: ModalSpec, metadata: PressMetadata): types.ModalView {
  const blocks: types.KnownBlock[] = [];
  if (spec.text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(mrkdwn(spec.text), limits.sectionText) } });
  if (spec.kind === 'input') {
    blocks.push({
      type: 'input', block_id: typedBlockId,
      label: text(spec.label, limits.inputLabel),
      element: { type: 'plain_text_input', action_id: typedActionId, max_length: 100 },
    });
  }
  let meta = JSON.stringify(metadata);
  if (meta.length > limits.privateMetadata) meta = JSON.stringify({ a: metadata.a, c: metadata.c });
  return {
    type: 'modal',
    callback_id: pressCallbackId,
    title: text(spec.title, limits.modalTitle),
    submit: text(spec.submit, limits.modalButton),
    ...(spec.kind === 'review' ? { close: text(spec.close, limits.modalButton) } : {}),
    private_metadata: meta,
    blocks,
  };
}

export function readPressMetadata(raw: string | undefined): PressMetadata | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<PressMetadata>;
    if (typeof parsed.a !== 'string' || typeof parsed.c !== 'string') return undefined;
    return { a: parsed.a, c: parsed.c, ...(typeof parsed.r === 'string' ? { r: parsed.r } : {}) };
  } catch {
    return undefined;
  }
}
