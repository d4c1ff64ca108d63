/**
 * What a Discord button or modal carries: its `custom_id` (1-100
 * characters, no other field) names the core's durable action id and the
 * step the press needs first, so the first answer (a modal, an "are you
 * sure" message) goes out within 3 seconds without a lookup.
 *
 * - `p:<id>`  a plain press
 * - `c:<id>`  "are you sure?" first: an ephemeral message with its own danger button
 * - `y:<id>`  that button: the press itself
 * - `i:<id>`  typed text first (typed confirmation): a modal with one input
 * - `r:<id>`  a review first (approval): a modal with an optional comment
 * - `m:<id>`  a submitted modal: the press, with the typed text
 */
import type { Button } from '../../src/messages/model.ts';
import { limits } from './discord-text.ts';

export type Step = 'press' | 'confirm' | 'yes' | 'input' | 'review' | 'modal';

const prefixes: Record<Step, string> = { press: 'p', confirm: 'c', yes: 'y', input: 'i', review: 'r', modal: 'm' };
const steps = new Map<string, Step>(Object.entries(prefixes).map(([step, prefix]) => [prefix, step as Step]));

/** The id of the typed-text input in a modal. */
export const typedInputId = 'typed';

export function encodeCustomId(step: Step, actionId: string): string {
  return `${prefixes[step]}:${actionId}`;
}

/** The first step a button needs: typed text wins over a review, a review over "are you sure". */
export function stepOf(button: Button): Step {
  if (button.input) return 'input';
  if (button.review) return 'review';
  if (button.confirm) return 'confirm';
  return 'press';
}

/** An action id too long for a custom_id cannot be a durable one (the core refuses those over 100 too). */
export function fitsCustomId(actionId: string): boolean {
  return actionId.length + 2 <= limits.customId;
}

/** Reads a custom_id back; undefined for one this bot did not write. */
export function decodeCustomId(customId: string): { step: Step; actionId: string } | undefined {
  const match = /^([a-z]):(.+)$/s.exec(customId);
  const step = match ? steps.get(match[1] ?? '') : undefined;
  if (!match || !step) return undefined;
  return { step, actionId: match[2] ?? '' };
}
