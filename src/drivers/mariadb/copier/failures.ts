import { errorMessage } from '../../../errors.ts';
import { redactSecrets } from '../../../domain/redact.ts';
import { excerpt } from './quote.ts';
import type { ObjectFailure, ObjectKind } from './types.ts';

/** The object a statement was about, for failure records. */
export interface FailureSubject {
  readonly database: string;
  readonly object: string;
  readonly kind: ObjectKind;
  readonly statement: string;
}

interface ServerErrorShape { errno?: unknown; sqlState?: unknown; sqlMessage?: unknown }

/** errno of a server error, null for client-side errors. */
export function serverErrno(error: unknown): number | null {
  const errno = (error as ServerErrorShape | null)?.errno;
  return typeof errno === 'number' ? errno : null;
}

/** Builds a failure record; the message and statement are redacted. */
export function toFailure(subject: FailureSubject, error: unknown): ObjectFailure {
  const e = error as ServerErrorShape | null;
  const message = typeof e?.sqlMessage === 'string' ? e.sqlMessage : errorMessage(error);
  return {
    database: subject.database,
    object: subject.object,
    kind: subject.kind,
    statement: excerpt(subject.statement),
    errno: serverErrno(error),
    sqlState: typeof e?.sqlState === 'string' ? e.sqlState : null,
    message: redactSecrets(message).slice(0, 500),
  };
}

/**
 * Collects failures and warnings of one copy. A failure never stops the
 * copy: the copier records it here and goes on with the next object.
 */
export class CopyJournal {
  readonly failures: ObjectFailure[] = [];
  readonly warnings: string[] = [];

  fail(subject: FailureSubject, error: unknown): ObjectFailure {
    const failure = toFailure(subject, error);
    this.failures.push(failure);
    return failure;
  }

  warn(message: string): void {
    this.warnings.push(redactSecrets(message));
  }

  failuresIn(database: string): number {
    return this.failures.filter((f) => f.database === database).length;
  }
}
