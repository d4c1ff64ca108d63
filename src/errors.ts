/**
 * Every error class of the bot. Two paths, as in ARCHITECTURE.md: a
 * UserError is a refusal shown as is; anything else is a crash, logged with
 * a correlation id. The other classes here are crashes with a message
 * written for an operator (start-up, config, hooks).
 */
import { randomBytes } from 'node:crypto';
import type { RefusalCode } from './messages/i18n.ts';

/**
 * A refusal: the user (or the environment they configured) asked for
 * something the bot will not do. `code` names an entry of the en/fr message
 * catalogs (a code without both texts does not compile); `params` fill its
 * placeholders. Shown to the user as is, never with a stack. Params must
 * never hold secrets.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: RefusalCode,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** One problem in some input, located by its path: `migrations[1].docs.fr: must be a URL`. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Thrown when input (config, env, a journal detail) fails validation; carries every problem, not just the first. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly what: string, readonly problems: readonly Problem[]) {
    super(`${what} is invalid:\n${problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
  }
}

/**
 * A service the bot needs (state database, Redis) cannot be reached. The
 * message is one line naming the service, its address and how to start it;
 * start-up prints it and exits 1, without a stack trace.
 */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachableError';

  constructor(message: string) {
    super(message);
  }

  /** The cause as this error when it is a reachability fault (refused, unknown host, timeout), else the cause itself. */
  static from(cause: unknown, service: string, address: string, howToStart: string): Error {
    const code = (cause as { code?: string } | null)?.code;
    const reachability = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'];
    if (code === undefined || !reachability.includes(code)) return cause instanceof Error ? cause : new Error(String(cause));
    return new ServiceUnreachableError(`cannot reach ${service} at ${address} (${code}); start it with: ${howToStart}`);
  }
}

/**
 * A cutover hook that kept failing after its retries; the message says why,
 * for the operation's report. `possiblyApplied`: an attempt timed out, so the
 * application may have switched servers all the same.
 */
export class CutoverHookError extends Error {
  override readonly name = 'CutoverHookError';
  constructor(message: string, readonly possiblyApplied = false) {
    super(message);
  }
}

/** Slack refused to start (wrong token, unreachable API, port taken): one line for the operator. */
export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

/** Discord refused to start (wrong token, unreachable API): one line for the operator. */
export class DiscordStartError extends Error {
  override readonly name = 'DiscordStartError';
}

/** The shared HTTP server could not listen (port taken, no permission): one line for the operator. */
export class HttpServerStartError extends Error {
  override readonly name = 'HttpServerStartError';
}

/** A short id that ties what a user sees after a crash to the log line. */
export function newCorrelationId(): string {
  return randomBytes(4).toString('hex');
}

/** The message of any thrown value, for logs (never shown to users as is). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Thrown inside an executor when the operation was cancelled; the runner marks it cancelled. */
export class OperationCancelled extends Error {
  override readonly name = 'OperationCancelled';
  constructor() {
    super('operation cancelled');
  }
}

/** Another worker holds this operation's lease: the job is retried later, nothing is run twice. */
export class LeaseHeldError extends Error {
  override readonly name = 'LeaseHeldError';
}

/** A step's journaled detail does not match its declaration: the journal was written by something else, or damaged. */
export class JournalDetailError extends Error {
  override readonly name = 'JournalDetailError';
  constructor(readonly operationId: string, readonly step: string, issue: string) {
    super(`operation ${operationId}: the journal detail of step ${step} is not valid: ${issue}`);
  }
}

/**
 * This worker's lease on the operation was taken over (its fencing token is
 * no longer the operation's): the write was refused, and the worker stops at
 * once, writing nothing more (no journal row, no state change, no message).
 */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(readonly operationId: string, readonly token: number) {
    super(`operation ${operationId}: lease ${token} was taken over by another worker`);
  }
}

/** Whether the error, or the abort reason behind it, is a lost lease. */
export function isLeaseLost(error: unknown, signal?: AbortSignal): boolean {
  return error instanceof LeaseLostError || signal?.reason instanceof LeaseLostError;
}
