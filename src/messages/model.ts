/**
 * The platform-neutral message model. The core builds these, already in the
 * reader's language; adapters render them (Block Kit, Discord components,
 * terminal text). Inline markup in texts: `*bold*`, `` `code` `` and links
 * written `<url|label>`; each adapter translates them.
 */
import type { CheckReport } from '../drivers/reports.ts';

export type Platform = 'shell' | 'slack' | 'discord';
export type Locale = 'en' | 'fr';

export type OperationKind = 'test' | 'run' | 'rollback';
/** Every status an operation can have; see the README's JSON format section. */
/** `needs_attention`: a run or rollback past its cutover whose last steps keep failing; not final, a worker keeps retrying. */
export type OperationStatus = 'pending_approval' | 'queued' | 'running' | 'needs_attention' | 'succeeded' | 'failed' | 'cancelled';

export interface Field {
  readonly label: string;
  readonly value: string;
}

export interface Button {
  /** A durable action id (a row of the actions table), or a plain command for stateless buttons. */
  readonly actionId: string;
  readonly label: string;
  readonly style?: 'primary' | 'danger';
  /** A second "are you sure" step the platform shows before the press counts. */
  readonly confirm?: { readonly title: string; readonly text: string; readonly yes: string; readonly no: string };
  /** The press needs typed text (typed confirmation, approval comment): the adapter asks for it. */
  readonly input?: { readonly title: string; readonly label: string; readonly submit: string };
  /**
   * A summary the platform shows in a dialog (Slack modal) before the press
   * counts, for decisions taken on someone else's request (approval).
   * Platforms without dialogs ignore it: the press itself is the decision.
   */
  readonly review?: { readonly title: string; readonly text: string; readonly submit: string; readonly close: string };
}

export type Block =
  | { readonly type: 'header'; readonly text: string }
  | { readonly type: 'section'; readonly text: string; readonly fields?: readonly Field[] }
  | { readonly type: 'context'; readonly text: string }
  | { readonly type: 'progress'; readonly ratio: number; readonly label: string }
  | { readonly type: 'actions'; readonly buttons: readonly Button[] }
  | { readonly type: 'divider' };

export interface OperationSummary {
  readonly id: string;
  readonly kind: OperationKind;
  readonly status: OperationStatus;
  readonly accountId: string;
  readonly migrationId: string;
}

export interface Message {
  /** Plain-text fallback: notifications, logs, screen readers, the terminal's --json `text`. */
  readonly text: string;
  readonly blocks: readonly Block[];
  readonly operation?: OperationSummary;
  /** For the answer of `/migrate check`: the whole reports (chat shows them shortened; the terminal's --json prints them whole). */
  readonly check?: CheckSummary;
  /** The language the message is written in, when the builder knows it: adapters word their own additions (a "shortened" pointer) in it. */
  readonly locale?: Locale;
}

export interface CheckSummary {
  readonly accountId: string;
  readonly migrationId: string;
  /** The upgrade direction first, then the rollback direction within a rollback window. */
  readonly reports: readonly CheckReport[];
}

/** Where a message goes: a channel, or one user in a channel (ephemeral). */
export interface Destination {
  readonly platform: Platform;
  readonly channelId: string;
  /** When set, only this user sees the message (Slack ephemeral, Discord flag 64, terminal: that user). */
  readonly ephemeralTo?: string;
}

/** A posted message that can be updated later. */
export interface MessageHandle {
  readonly platform: Platform;
  readonly channelId: string;
  readonly messageId: string;
}

export function buttonsOf(message: Message): Button[] {
  return message.blocks.flatMap((b) => (b.type === 'actions' ? [...b.buttons] : []));
}

/** A message made of one section of text. */
export function textMessage(text: string): Message {
  return { text, blocks: [{ type: 'section', text }] };
}
