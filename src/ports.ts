/**
 * What the core needs from the outside. Adapters implement ChatPort, jobs/
 * implements QueuePort; the core never imports either side.
 */
import type { Destination, Message, MessageHandle, OperationKind, Platform, Locale } from './messages/model.ts';

/**
 * One chat platform, seen from the core.
 * Contract: `post` delivers the message (retrying rate limits itself, in
 * order) and returns a handle to update it later, or null for messages that
 * cannot be updated (Slack ephemerals). `update` replaces the content of a
 * posted message; it is a no-op for a handle the platform no longer knows.
 * Neither method ever receives secrets other than those meant for the reader.
 */
export interface ChatPort {
  readonly platform: Platform;
  post(destination: Destination, message: Message): Promise<MessageHandle | null>;
  update(handle: MessageHandle, message: Message): Promise<void>;
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
