/**
 * What the core needs from the outside. Adapters implement ChatPort, jobs/
 * implements QueuePort; the core never imports either side.
 */
import type { Destination, Message, MessageHandle, OperationKind, Platform, Locale } from './messages/model.ts';

/**
 * Who a `direct` message is for, and what the adapter may use to reach them.
 * The operation row knows all of it: the requester, the channel they asked
 * in, the operation.
 */
export interface DirectRecipient {
  readonly platform: Platform;
  /** The user's id on that platform (`U0123ALICE`, a Discord snowflake, a terminal name). */
  readonly userId: string;
  /** The channel the user's request came from, when known. */
  readonly channelId?: string;
  /** The operation the message is about: an adapter that remembers the request which started it may answer there. */
  readonly operationId?: string;
}

/**
 * One chat platform, seen from the core. Three ways out, one per audience:
 * - answers to a request go through the request itself
 *   (`RequestContext.respond`, built by the adapter that received it);
 * - `post` and `update` are channel messages everyone in the channel reads,
 *   editable for as long as the platform keeps them (days: a Rollback card);
 * - `direct` is for one user after their request is over (test credentials
 *   when a long test ends, a request to a second owner).
 *
 * Contract (test/contract/chat-port-contract.ts runs it against every port):
 * - `post` delivers in order per channel, waiting out rate limits itself
 *   without dropping or reordering, and returns a handle for a channel
 *   message. With `ephemeralTo` only that user sees it and the result is
 *   null: ephemerals cannot be updated. The core itself never posts
 *   ephemerals (they belong to requests); adapters may, to implement
 *   `respond`. A platform whose ephemerals exist only inside an
 *   interaction (Discord) delivers such a post as it delivers `direct`.
 * - `update` replaces a posted message's content; for a handle the platform
 *   does not know (deleted, another process's, never issued) it is a no-op.
 * - `direct` reaches that user and nobody else, never in a channel others
 *   read: an adapter answers through a request of theirs that is still live
 *   (one it remembers for `operationId` or for the user, such as a Discord
 *   interaction token within its 15 minutes), else by a private message
 *   (Slack and Discord direct messages; the terminal marks it for that
 *   user). It returns nothing: such messages are never updated.
 * - No method ever receives secrets other than those meant for the reader.
 */
export interface ChatPort {
  readonly platform: Platform;
  post(destination: Destination, message: Message): Promise<MessageHandle | null>;
  update(handle: MessageHandle, message: Message): Promise<void>;
  direct(to: DirectRecipient, message: Message): Promise<void>;
  /** The reader's language when the platform knows it (Slack users.info), else undefined. */
  localeOf?(userId: string): Promise<Locale | undefined>;
}

/** A job for the worker: always an id of a row in the state database, never the data itself. */
export interface OperationJob {
  readonly operationId: string;
  readonly kind: OperationKind;
}

export interface TimerJob {
  readonly timerId: string;
  readonly dueAt: Date;
}

/**
 * The work queue. Contract: enqueueing the same operation or timer twice is a
 * no-op (ids are job ids); `position` counts the operations ahead in the
 * same queue plus one (1 = next to start).
 */
export interface QueuePort {
  enqueueOperation(job: OperationJob): Promise<{ position: number }>;
  /** Removes a job that has not started; false when it is running or gone. */
  removeOperation(job: OperationJob): Promise<boolean>;
  scheduleTimer(job: TimerJob): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Structured logger (pino's shape). Never pass secrets in the object or message. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}
