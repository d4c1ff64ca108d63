/**
 * Where an account stands with its last run, named once. The state database
 * keeps one placement row per account; this reads it the same way for
 * `list`, `rollback`, the operation messages and the rollback-window timers.
 */

/**
 * The fields of an account's placement row (src/state/account-states-repo.ts)
 * the phase depends on, declared here so the domain needs no state import.
 */
export interface AccountPlacement {
  readonly serverId: string;
  readonly previousServerId: string | null;
  readonly migrationId: string | null;
  readonly runOperationId: string | null;
  readonly rollbackDeadline: Date | null;
  readonly rollbackClosedAt: Date | null;
}

/** What every phase after a run knows: which run, of which migration, where the account is now. */
interface AfterRun {
  readonly runId: string;
  readonly migrationId: string;
  readonly serverId: string;
}

/** While the account is on the run's target: where it came from, and the end of its rollback window. */
interface Migrated extends AfterRun {
  readonly previousServerId: string;
  readonly deadline: Date;
}

/**
 * - `never-migrated`: no run moved the account (or no row at all).
 * - `rollback-open`: migrated; a rollback may start until `deadline` (excluded).
 * - `rollback-closed`: migrated, for good; `closedAt` is when the window was
 *   closed, or the deadline when the timer that records it has not fired yet.
 * - `rolled-back`: a rollback brought the account back to `serverId`.
 */
export type AccountPhase =
  | { readonly phase: 'never-migrated' }
  | (Migrated & { readonly phase: 'rollback-open' })
  | (Migrated & { readonly phase: 'rollback-closed'; readonly closedAt: Date })
  | (AfterRun & { readonly phase: 'rolled-back' });

export type MigratedPhase = Extract<AccountPhase, { phase: 'rollback-open' | 'rollback-closed' }>;
export type RollbackOpen = Extract<AccountPhase, { phase: 'rollback-open' }>;

/**
 * The account's phase at `now`. The window is the state database's, not a
 * button's: from its deadline on (the deadline itself included) it is closed,
 * whether or not the closing timer has run.
 */
export function accountPhase(state: AccountPlacement | undefined, now: Date): AccountPhase {
  const { runOperationId: runId, previousServerId, migrationId, rollbackDeadline: deadline } = state ?? {};
  if (!state || !runId || !previousServerId || !migrationId || !deadline) return { phase: 'never-migrated' };
  const afterRun = { runId, migrationId, serverId: state.serverId };
  // A rollback records the old server as both current and previous: nothing is left to go back to.
  if (state.serverId === previousServerId) return { ...afterRun, phase: 'rolled-back' };
  const closedAt = state.rollbackClosedAt ?? (now.getTime() >= deadline.getTime() ? deadline : null);
  if (closedAt) return { ...afterRun, phase: 'rollback-closed', previousServerId, deadline, closedAt };
  return { ...afterRun, phase: 'rollback-open', previousServerId, deadline };
}

/** Whether the account is on the target of run `runId` (its window open or closed), not back on its old server. */
export function isMigratedBy(phase: AccountPhase, runId: string): phase is MigratedPhase {
  return (phase.phase === 'rollback-open' || phase.phase === 'rollback-closed') && phase.runId === runId;
}
