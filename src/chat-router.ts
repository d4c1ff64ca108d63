import type { ChatPort, DirectRecipient, Logger } from './ports.ts';
import type { Destination, Message, MessageHandle, Platform, Locale } from './messages/model.ts';

/**
 * The chat platforms this process can talk to. A platform without a port here
 * (a worker started without the terminal) is skipped: its messages are in
 * the state database, and `/migrate status` shows them.
 */
export class ChatRouter {
  private readonly ports = new Map<Platform, ChatPort>();

  constructor(private readonly logger: Logger) {}

  register(port: ChatPort): void {
    this.ports.set(port.platform, port);
  }

  platforms(): Platform[] {
    return [...this.ports.keys()];
  }

  async post(destination: Destination, message: Message): Promise<MessageHandle | null> {
    const port = this.ports.get(destination.platform);
    if (!port) return null;
    return port.post(destination, message);
  }

  /** Updates a message; a failure is logged, never thrown: the operation matters more than its message. */
  async update(handle: MessageHandle, message: Message): Promise<void> {
    const port = this.ports.get(handle.platform);
    if (!port) return;
    try {
      await port.update(handle, message);
    } catch (error) {
      this.logger.warn({ err: error, platform: handle.platform, messageId: handle.messageId }, 'message update failed');
    }
  }

  /**
   * A message for one user after their request is over (ports.ts). When this
   * process has no port for their platform it is dropped, and logged without
   * its content (it may hold a password).
   */
  async direct(to: DirectRecipient, message: Message): Promise<void> {
    const port = this.ports.get(to.platform);
    if (!port) {
      this.logger.warn({ platform: to.platform, userId: to.userId, operationId: to.operationId }, 'no chat port for a direct message; not delivered');
      return;
    }
    await port.direct(to, message);
  }

  async localeOf(platform: Platform, userId: string): Promise<Locale | undefined> {
    return this.ports.get(platform)?.localeOf?.(userId);
  }
}
