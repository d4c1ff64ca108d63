/**
 * The `requireCheck` policy of a run, as a pure rule: what the account's
 * last `/migrate check` lacks, if anything. The run's request, its Confirm
 * and the audit of an admin's override all read it from here.
 */
import type { Policy } from '../config/schema.ts';

/** The fields of the stored last check the policy depends on. */
export interface LastCheck {
  /** Where the account was checked: a check of another server says nothing of where it is now. */
  readonly serverId: string;
  readonly blockers: number;
  readonly checkedAt: Date;
}

/**
 * - `missing`: never checked (or its report could not be read back);
 * - `other-server`: checked where the account no longer is;
 * - `stale`: older than the policy's `withinDays`;
 * - `blockers`: the last check found blockers.
 */
export type CheckGap = 'missing' | 'other-server' | 'stale' | 'blockers';

/** What the policy lacks, with its `withinDays` when it has one; undefined when satisfied or not required. */
export function checkGap(policy: Policy, last: LastCheck | undefined, serverId: string, now: Date): { gap: CheckGap; withinDays?: number } | undefined {
  const required = policy.requireCheck;
  if (required === undefined || required === false) return undefined;
  const within = required === true ? {} : { withinDays: required.withinDays };
  if (!last) return { gap: 'missing', ...within };
  if (last.serverId !== serverId) return { gap: 'other-server', ...within };
  if (within.withinDays !== undefined && now.getTime() - last.checkedAt.getTime() > within.withinDays * 86_400_000) return { gap: 'stale', ...within };
  if (last.blockers > 0) return { gap: 'blockers', ...within };
  return undefined;
}
