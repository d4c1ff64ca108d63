import type { ChatPort, DirectRecipient } from '../../src/ports.ts';
import type { Destination, Message, MessageHandle } from '../../src/messages/model.ts';
import { buttonsOf } from '../../src/messages/model.ts';
import { renderText, type TextStyle } from './render-text.ts';

export interface ShellOutput {
  write(line: string): void;
}

/**
 * The terminal as a chat platform. Buttons are numbered from 1 in each
 * message; typing a number presses a button of the latest message printed
 * with buttons. With `json`, each message (post or update) is one JSON line.
 */
export class ShellChatPort implements ChatPort {
  readonly platform = 'shell' as const;
  private nextId = 1;
  private currentButtons = new Map<number, { actionId: string; input: boolean }>();
  private readonly messages = new Map<string, Destination>();
  /** Called after each printed message: the interactive session re-draws its prompt. */
  afterPrint: () => void = () => undefined;

  constructor(private readonly output: ShellOutput, private readonly json: boolean, private readonly style: TextStyle) {}

  /** A channel message gets a handle; an ephemeral one is printed for its user and gets none, as on every platform. */
  post(destination: Destination, message: Message): Promise<MessageHandle | null> {
    const messageId = `m${this.nextId++}`;
    this.print(messageId, destination, message, false);
    if (destination.ephemeralTo !== undefined) return Promise.resolve(null);
    this.messages.set(messageId, destination);
    return Promise.resolve({ platform: 'shell', channelId: destination.channelId, messageId });
  }

  /** A message this terminal did not print (another process's, or before a restart) is left alone. */
  update(handle: MessageHandle, message: Message): Promise<void> {
    const destination = this.messages.get(handle.messageId);
    if (destination && destination.channelId === handle.channelId) this.print(handle.messageId, destination, message, true);
    return Promise.resolve();
  }

  /** One screen for everyone: printed marked for that user alone, like an ephemeral answer (`--json`: `to`). */
  direct(to: DirectRecipient, message: Message): Promise<void> {
    this.print(`m${this.nextId++}`, { platform: 'shell', channelId: to.channelId ?? '', ephemeralTo: to.userId }, message, false);
    return Promise.resolve();
  }

  /** The action behind a typed number, if the latest message with buttons has it. */
  button(number: number): { actionId: string; input: boolean } | undefined {
    return this.currentButtons.get(number);
  }

  private print(messageId: string, destination: Destination, message: Message, update: boolean): void {
    const buttons = buttonsOf(message);
    const numbers = new Map(buttons.map((b, i) => [b.actionId, i + 1]));
    if (buttons.length > 0) this.currentButtons = new Map(buttons.map((b, i) => [i + 1, { actionId: b.actionId, input: b.input !== undefined }]));
    if (this.json) {
      this.output.write(JSON.stringify({
        type: 'message', id: messageId, update, channel: destination.channelId,
        ephemeral: destination.ephemeralTo !== undefined, ...(destination.ephemeralTo !== undefined ? { to: destination.ephemeralTo } : {}),
        text: message.text,
        buttons: buttons.map((b, i) => ({ number: i + 1, label: b.label, style: b.style ?? 'default', actionId: b.actionId, needsInput: b.input !== undefined })),
        ...(message.operation ? { operation: message.operation } : {}),
        // The answer of /migrate check: its whole reports, where chat shows a few objects per finding.
        ...(message.check ? { check: message.check } : {}),
        blocks: message.blocks,
      }));
      return;
    }
    const prefix = destination.ephemeralTo !== undefined ? this.style.dim(`(only ${destination.ephemeralTo} sees this)\n`) : '';
    const marker = update ? this.style.dim(`(update of ${messageId})\n`) : '';
    this.output.write(`${marker}${prefix}${renderText(message, this.style, (id) => numbers.get(id) ?? 0)}\n`);
    this.afterPrint();
  }
}
