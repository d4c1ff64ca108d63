import type { z } from 'zod';

/** One problem in some input, located by its path: `migrations[1].docs.fr: must be a URL`. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Thrown when input fails validation; carries every problem, not just the first. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly what: string, readonly problems: readonly Problem[]) {
    super(`${what} is invalid:\n${problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/** The one place zod meets untrusted input: parse or throw a readable ValidationError. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  throw new ValidationError(what, problems);
}
