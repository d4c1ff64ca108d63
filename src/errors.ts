import { randomBytes } from 'node:crypto';

/**
 * A refusal: the user (or the environment they configured) asked for
 * something the bot will not do. `key` names an entry of the en/fr message
 * catalogs; `params` fill its placeholders. Shown to the user as is, never
 * with a stack. Params must never hold secrets.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: string,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
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
