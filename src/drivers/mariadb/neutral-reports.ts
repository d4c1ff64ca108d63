import type { CopyReport, FailureCode, ObjectFailure, SyncReport } from '../reports.ts';
import type { CopyReport as MariadbCopyReport, ObjectFailure as MariadbFailure } from './copier/types.ts';
import type { SyncReport as MariadbSyncReport } from './sync/sync.ts';

/** 1227: no privilege to set that DEFINER; 1449: the DEFINER user does not exist. */
const DEFINER_ERRNOS = new Set([1227, 1449]);

function codeOf(failure: MariadbFailure): FailureCode {
  if (failure.errno !== null && DEFINER_ERRNOS.has(failure.errno)) return 'definer-missing';
  switch (failure.kind) {
    case 'data': return 'load-failed';
    case 'verify': return 'verify-mismatch';
    case 'user': case 'grant': return 'user-failed';
    default: return 'create-failed';
  }
}

/** A copier failure as the port reports it: MariaDB's errno and SQLSTATE become details. */
export function neutralFailure(failure: MariadbFailure): ObjectFailure {
  const { errno, sqlState, ...rest } = failure;
  return { ...rest, code: codeOf(failure), details: { errno, sqlState } };
}

/**
 * The copier words its warning about tables outside the consistent snapshot
 * (copier/copy-setup.ts); the port reports those tables as data instead, so
 * that a run, which verifies them frozen, can say what holds for it.
 */
const OUTSIDE_SNAPSHOT = /^(\S+) uses \S+, which the consistent snapshot does not cover/;

export function neutralCopyReport(report: MariadbCopyReport): CopyReport {
  const outsideSnapshot: string[] = [];
  const warnings: string[] = [];
  for (const warning of report.warnings) {
    const table = OUTSIDE_SNAPSHOT.exec(warning)?.[1];
    if (table === undefined) warnings.push(warning);
    else outsideSnapshot.push(table);
  }
  return { ...report, failures: report.failures.map(neutralFailure), warnings, outsideSnapshot };
}

export function neutralSyncReport(report: MariadbSyncReport): SyncReport {
  return { ...report, failures: report.failures.map(neutralFailure) };
}
