import type { replayFallbackReasons } from '../../../reports.ts';
import type { Refusal } from '../statement.ts';

/** A statement a source offers, before the statement filter judges it. */
export interface Candidate {
  /** The database it ran in (`USE`), null when none. */
  readonly database: string | null;
  readonly sql: string;
  readonly origin: 'digest' | 'query-log' | 'table' | 'view';
  /** Set when the source already knows it cannot be replayed (no sample text, truncated). */
  readonly refused?: Refusal;
  /** How many statements this one stands for (a log's statements of one fingerprint); 1 when absent. */
  readonly count?: number;
}

export type FallbackReason = (typeof replayFallbackReasons)[number];

/** What a source gives: its statements, most worth replaying first, or why it has none. */
export type SourceResult = { readonly candidates: readonly Candidate[] } | { readonly reason: FallbackReason };

/** An identifier quoted for MariaDB. */
export const quoteName = (name: string): string => `\`${name.replaceAll('`', '``')}\``;
/** `column IN (?, ?...)` over `values`, never an empty list. */
export const inList = (values: readonly string[]): string => (values.length > 0 ? values.map(() => '?').join(', ') : 'NULL');
