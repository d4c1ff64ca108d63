import { errorMessage, isUserError } from '../errors.ts';
import { redactSecrets } from '../domain/redact.ts';
import { t, type Params } from '../messages/i18n.ts';
import { literalParams } from '../messages/markup.ts';
import type { Locale } from '../messages/model.ts';
import type { FailureFact, StoredFailure } from '../messages/operation-view.ts';

/** A failure's text as one fact: a refusal's code and params, or a crash's message (English, from a library or a server). */
function factOf(error: unknown): FailureFact {
  if (isUserError(error)) {
    // Params are names and messages from outside: redacted here, once, like a crash's message.
    const params = Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, typeof v === 'string' ? redactSecrets(v) : v]));
    return { key: error.code, params };
  }
  return { key: 'op.reason', params: { text: redactSecrets(errorMessage(error)).slice(0, 300) } };
}

/**
 * What `operations.error` keeps of a failure: its fact, which each view
 * words in its reader's language with every param literal (failureText),
 * and `reason`, the same in the operation's language, for logs, tests and
 * rows read by earlier versions.
 */
export function failureOf(error: unknown, locale: Locale, step?: string): StoredFailure {
  return storedFailure(factOf(error), locale, step);
}

/** As failureOf, for a fact an executor reported (a test's failed objects). */
export function storedFailure(fact: FailureFact, locale: Locale, step?: string): StoredFailure {
  const params: Params = fact.params ?? {};
  return { ...(step !== undefined ? { step } : {}), reason: t(locale, fact.key, literalParams(params)), fact: { key: fact.key, params } };
}
