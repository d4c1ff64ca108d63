/**
 * What a Slack button carries. `action_id` is always the core's durable
 * action id; `value` repeats it, or, for a press that first opens a modal,
 * holds the modal's words as JSON (within Slack's 2,000 characters), so the
 * modal can open within the trigger's 3 seconds without a lookup.
 */
import type { Button } from '../../src/messages/model.ts';
import { cut, limits } from './slack-text.ts';
import { toPlainText } from '../../src/messages/markup.ts';

export type ModalSpec =
  | { readonly kind: 'input'; readonly title: string; readonly label: string; readonly submit: string; readonly text?: string }
  | { readonly kind: 'review'; readonly title: string; readonly text: string; readonly submit: string; readonly close: string };

export interface PressValue {
  readonly actionId: string;
  readonly modal?: ModalSpec;
}

/** The modal a button opens before its press counts, if any: typed text wins over a review. */
export function modalOf(button: Button): ModalSpec | undefined {
  if (button.input) {
    return { kind: 'input', ...button.input, ...(button.confirm ? { text: button.confirm.text } : {}) };
  }
  if (button.review) return { kind: 'review', ...button.review };
  return undefined;
}

export function encodePressValue(button: Button): string {
  const modal = modalOf(button);
  if (!modal) return button.actionId;
  // Texts are shortened first (a review text is the longest part), so the JSON always fits.
  const room = limits.buttonValue - 400;
  const short: ModalSpec = modal.kind === 'review'
    ? { ...modal, title: cut(toPlainText(modal.title), limits.modalTitle), submit: cut(toPlainText(modal.submit), limits.modalButton), close: cut(toPlainText(modal.close), limits.modalButton), text: cut(modal.text, room) }
    : { ...modal, title: cut(toPlainText(modal.title), limits.modalTitle), submit: cut(toPlainText(modal.submit), limits.modalButton), label: cut(toPlainText(modal.label), 200), ...(modal.text !== undefined ? { text: cut(modal.text, room - 200) } : {}) };
  let value = JSON.stringify({ a: button.actionId, m: short });
  if (value.length > limits.buttonValue) value = JSON.stringify({ a: button.actionId, m: { ...short, text: '' } });
  return value;
}

/** Reads a button's value back; an unreadable value means a plain press of `actionId`. */
export function decodePressValue(actionId: string, value: string | undefined): PressValue {
  if (value === undefined || !value.startsWith('{')) return { actionId };
  try {
    const parsed = JSON.parse(value) as { a?: unknown; m?: ModalSpec };
    const modal = parsed.m;
    if (modal && (modal.kind === 'input' || modal.kind === 'review') && typeof modal.title === 'string' && typeof modal.submit === 'string') {
      return { actionId, modal };
    }
  } catch {
    // fall through: a press without a modal; the core checks the action anyway
  }
  return { actionId };
}
