import { UserError } from '../errors.ts';
import type { SyncReport } from '../drivers/reports.ts';

/** How the frozen pass verified the account, for the journal. */
export interface VerifiedDetail {
  readonly tables: number;
  readonly rows: number;
  /** Tables whose both copies were read while frozen. */
  readonly bothSides: number;
  /** Tables whose source was read while frozen against the target checksums this operation kept from its last online pass. */
  readonly keptTarget: string[];
}

/**
 * The frozen pass of a run or rollback must have verified every table
 * identical and copied every object; otherwise the operation reverts,
 * naming the first tables that differ.
 */
export function checkVerified(final: SyncReport, servers: { server: string; source: string }): VerifiedDetail {
  const bad = final.verification.filter((v) => !v.ok).map((v) => `${v.database}.${v.table}`);
  const failed = final.failures.map((f) => `${f.database}.${f.object}: ${f.message}`);
  if (bad.length > 0 || failed.length > 0) {
    throw new UserError('run-not-verified', { ...servers, tables: [...bad, ...failed].slice(0, 5).join('; ') });
  }
  const kept = final.verification.filter((v) => v.method === 'source-and-kept-target');
  return {
    tables: final.verification.length, rows: final.verification.reduce((n, v) => n + v.targetRows, 0),
    bothSides: final.verification.length - kept.length, keptTarget: kept.map((v) => `${v.database}.${v.table}`),
  };
}
