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
