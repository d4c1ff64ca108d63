import type { Core } from '../core.ts';
import { isLeaseLost } from '../errors.ts';
import type { AccountConfig, MigrationConfig } from '../config/schema.ts';
import type { PassSummary, SyncReport } from '../drivers/reports.ts';
import type { LiveSync } from '../drivers/driver.ts';
import { rollbackActionId } from './notifier.ts';
import type { OperationContext } from './context.ts';
import { firstStarted } from './steps/journal.ts';
import { runSteps } from './steps/declarations.ts';

/** The config an operation refers to, or a clear error when the config changed under it. */
export function liveConfigOf(core: Core, accountId: string, migrationId: string): { account: AccountConfig; migration: MigrationConfig } {
  const account = core.config.accounts.find((a) => a.id === accountId);
  const migration = core.config.migrations.find((m) => m.id === migrationId);
  if (!account || !migration) throw new Error(`operation refers to unknown account ${accountId} or migration ${migrationId}`);
  return { account, migration };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries what must happen once started (an unfreeze, a revert), each
 * attempt only while this worker still holds the lease: a lost lease is
 * never retried, and stops the worker before it touches a server again.
 */
export async function persist<T>(ctx: OperationContext, what: string, fn: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.checkLease();
      return await fn();
    } catch (error) {
      if (attempt >= attempts || isLeaseLost(error, ctx.signal)) throw error;
      ctx.core.logger.warn({ err: error, attempt, operationId: ctx.op.id }, `${what} failed; retrying`);
      await sleep(Math.min(500 * 2 ** attempt, 15_000));
    }
  }
}

/** A summary of a sync pass small enough for the step journal and the report. */
export function passSummary(report: SyncReport): PassSummary {
  const { verification, ...rest } = report;
  return { ...rest, verifiedTables: verification.filter((v) => v.ok).length };
}

/** Online delta passes at most: the first reads both sides, the next ones (with kept target checksums) only the source. */
export const MAX_ONLINE_PASSES = 3;

/**
 * Online delta passes while the account still writes: one, and more (up to
 * MAX_ONLINE_PASSES) while a pass found changes and took long enough for more
 * to pile up, so the frozen pass has little left to copy.
 */
export async function onlinePasses(ctx: OperationContext, sync: LiveSync): Promise<PassSummary[]> {
  sync.reset();
  const passes = [];
  for (let i = 0; i < MAX_ONLINE_PASSES; i++) {
    const report = await sync.onlinePass({
      signal: ctx.signal,
      onTable: (table, done, total) => ctx.progress({ step: runSteps.onlineCopy.name, table, bytesDone: done, bytesTotal: total, note: `pass ${i + 1}` }),
    });
    passes.push(passSummary(report));
    if (report.rangesReloaded === 0 || report.durationMs < 1500) break;
  }
  return passes;
}

/** The frozen pass: makes the target copy complete and verifies every table. */
export function frozenPass(ctx: OperationContext, sync: LiveSync): Promise<SyncReport> {
  return sync.frozenPass({
    signal: ctx.signal,
    onTable: (table, done, total) => ctx.progress({ step: runSteps.finalCopy.name, table, bytesDone: done, bytesTotal: total }),
  });
}

/** When the first freeze of this operation started (a resumed freeze keeps the first time), from the journal. */
export async function frozenSince(core: Core, operationId: string): Promise<Date | null> {
  return firstStarted(await core.store.operations.steps(operationId), runSteps.freeze);
}

/** The Rollback button of a run: a durable action row (its id is derived from the run's). */
export async function ensureRollbackAction(core: Core, runId: string, accountId: string, migrationId: string): Promise<void> {
  const id = rollbackActionId(runId);
  await core.store.actions.ensure([{ id, kind: 'rollback', accountId, migrationId, operationId: runId, groupId: id, createdAt: core.clock.now() }]);
}

export const reminderTimerId = (runId: string) => `rollback-reminder-${runId}`;
export const deadlineTimerId = (runId: string) => `rollback-deadline-${runId}`;
export const removalTimerId = (operationId: string) => `old-copy-removal-${operationId}`;
