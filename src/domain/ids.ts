import { randomBytes } from 'node:crypto';

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A short random id, easy to read and type: no 0/o, 1/l. */
export function shortId(length = 8): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export const newOperationId = (kind: string) => `${kind}-${shortId(8)}`;
