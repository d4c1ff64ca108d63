import type { operations } from '../../drizzle/schema.ts';
import type { OperationKind, OperationStatus, Platform, Locale } from '../messages/model.ts';

export type OperationRow = typeof operations.$inferSelect;
/** An operation row with its kind, status, platform and locale typed (the state database stores them as text). */
export interface Operation extends Omit<OperationRow, 'kind' | 'status' | 'platform' | 'locale'> {
  readonly kind: OperationKind;
  readonly status: OperationStatus;
  readonly platform: Platform;
  readonly locale: Locale;
}

/** The fields a patch may change: never the status, the version or the lease. */
export type OperationPatch = Partial<Pick<OperationRow, 'progress' | 'step' | 'report' | 'error' | 'targetServer' | 'sourceServer' | 'approvedBy' | 'startedAt'>>;
export type JournalState = 'started' | 'done' | 'failed' | 'reverted';

