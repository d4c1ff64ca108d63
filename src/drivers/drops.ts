import type { CopyFingerprint } from './reports.ts';

/** The neutral parts of a drop (DatabaseDriver.dropCopy); the request itself is in driver.ts, beside Endpoint. */

/**
 * What a drop must hold before it drops anything. `marked`: every database
 * carries the mark the bot puts on each database it creates (its copies).
 * `fingerprint`: every database is as recorded when the bot left it (an
 * account's old databases after a run, which the bot did not create).
 */
export type DropProof =
  | { readonly kind: 'marked' }
  | { readonly kind: 'fingerprint'; readonly fingerprint: CopyFingerprint };

/**
 * Why a drop was refused. `object` names what failed: the server's address
 * ('live-server'), 'database x' ('not-a-copy', 'changed'), 'user u@h' ('unlocked').
 */
export interface DropRefusal {
  readonly code: 'live-server' | 'not-a-copy' | 'changed' | 'unlocked';
  readonly object: string;
}

/** What a drop did: `dropped` ('database x', 'user u@h') when `refusals` is empty, else nothing. */
export interface DropOutcome {
  readonly dropped: readonly string[];
  readonly refusals: readonly DropRefusal[];
}
