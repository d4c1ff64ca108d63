import { UserError } from '../errors.ts';
import { t } from '../messages/i18n.ts';
import type { OperationReport } from '../messages/report-view.ts';
import type { Operation } from '../state/operations-repo.ts';
import { accountUsers } from './account-users.ts';
import { describeEndpoint, type DatabaseUser, type Endpoint } from '../drivers/endpoint.ts';
import type { Executor, OperationContext } from './context.ts';
import { setTimer } from './set-timer.ts';
import { unknownCollations } from '../drivers/mariadb/live/copies.ts';
import { runCutoverHook } from './cutover-hook.ts';
import {
  deadlineTimerId, freezeUsers, frozenSince, liveConfigOf, lockPlan, onlinePasses, persist, reminderTimerId, removalTimerId, unfreezeUsers,
} from './live-steps.ts';
import { syncAccount, type SyncReport } from '../drivers/mariadb/sync/sync.ts';
import { TargetChecksums } from '../drivers/mariadb/sync/target-checksums.ts';

interface RollbackPlan {
  readonly op: Operation;
  readonly run: Operation;
  /** Where the account is now (the run's target) and where it goes back to (the run's source). */
  readonly fromId: string;
  readonly toId: string;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
}

/** Refuses, naming every object, when the old server cannot take the data back as it is. */
async function checkCompatible(ctx: OperationContext, plan: RollbackPlan): Promise<{ checked: true }> {
  const objects = await unknownCollations(plan.from, plan.to, plan.databases);
  if (objects.length === 0) return { checked: true };
  await ctx.saveReport({ notes: objects.map((o) => `• ${o}`), failedReason: 'incompatible' });
  throw new UserError('rollback-incompatible', {
    account: plan.op.accountId, server: plan.toId, current: plan.fromId,
    objects: objects.length > 6 ? `${objects.slice(0, 6).join(', ')} (+${objects.length - 6})` : objects.join(', '),
  });
}

/** As a run's: every table verified identical; the journal says which were read on both sides and which against kept target checksums. */
function checkVerified(plan: RollbackPlan, final: SyncReport): { tables: number; bothSides: number; keptTarget: string[] } {
  const bad = [...final.verification.filter((v) => !v.ok).map((v) => `${v.database}.${v.table}`), ...final.failures.map((f) => `${f.database}.${f.object}: ${f.message}`)];
  if (bad.length > 0) throw new UserError('run-not-verified', { server: plan.toId, source: plan.fromId, tables: bad.slice(0, 5).join('; ') });
  return {
    tables: final.verification.length,
    bothSides: final.verification.filter((v) => v.method !== 'source-and-kept-target').length,
    keptTarget: final.verification.filter((v) => v.method === 'source-and-kept-target').map((v) => `${v.database}.${v.table}`),
  };
}

/** A rollback that failed before its cutover: the account stays on the new server, unfrozen. */
async function revert(ctx: OperationContext, plan: RollbackPlan): Promise<void> {
  const { core, op } = ctx;
  await core.store.operations.journal(op.id, 'revert', 'started', null, core.clock.now());
  const locks = (await ctx.doneSteps()).get('freeze-plan') as { previouslyLocked: string[] } | undefined;
  if (locks) await persist(core, 'unfreeze on the new server', () => unfreezeUsers(plan.from, plan.users, locks.previouslyLocked));
  await core.store.operations.journal(op.id, 'revert', 'done', { unfrozen: Boolean(locks) }, core.clock.now());
}

/**
 * A rollback: the same steps as a run, in the other direction. The old
 * copies (locked on the old server since the run) are brought up to date
 * with what was written on the new server since (delta passes, then frozen),
 * verified, and the account moves back. The copies on the new server stay,
 * locked, for `oldCopyRetentionDays`.
 */
export const rollbackMigration: Executor = async (ctx) => {
  const { core, op } = ctx;
  const { account, migration } = liveConfigOf(core, op.accountId, op.migrationId);
  const run = op.relatedOperationId ? await core.store.operations.get(op.relatedOperationId) : undefined;
  if (!run?.sourceServer || !run.targetServer) throw new Error(`rollback ${op.id} does not name a finished run`);
  const plan: RollbackPlan = {
    op, run, fromId: run.targetServer, toId: run.sourceServer, databases: account.databases, users: accountUsers(account),
    from: await core.engine.endpointOf(run.targetServer), to: await core.engine.endpointOf(run.sourceServer),
  };
  const movedBack = async () => {
    const state = await core.store.accountStates.get(account.id);
    return state?.runOperationId === run.id && state.serverId === plan.toId;
  };
  const journal = await core.store.operations.steps(op.id);
  if (journal.some((s) => s.step === 'revert') && !(await movedBack())) {
    await revert(ctx, plan);
    throw new Error(`reverted after a failure at step ${journal.find((s) => s.state === 'failed')?.step ?? op.step ?? '-'}`);
  }

  let final: SyncReport | undefined;
  let passes = 0;
  try {
    await ctx.step('check-compat', () => checkCompatible(ctx, plan));
    // Kept for the frozen pass of this invocation only (see run-migration.ts): the old copies are locked, only this rollback writes there.
    const kept = new TargetChecksums(describeEndpoint(plan.to));
    passes = (await ctx.step('online-copy', () => onlinePasses(ctx, plan.from, plan.to, plan.databases, kept))).length;
    await ctx.step('freeze-plan', () => lockPlan(plan.from, plan.users));
    await ctx.step('freeze', () => freezeUsers(plan.from, plan.users));
    // Objects created while the account was online since the check: check again, frozen.
    await ctx.step('recheck-compat', () => checkCompatible(ctx, plan));
    final = await ctx.step('final-copy', () => syncAccount({
      source: plan.from, target: plan.to, databases: plan.databases, mode: 'frozen', signal: ctx.signal, targetChecksums: kept,
      onTable: (table, done, total) => ctx.progress({ step: 'final-copy', table, bytesDone: done, bytesTotal: total }),
    }));
    const verified = final;
    await ctx.step('verify', async () => checkVerified(plan, verified));
    await ctx.step('cutover', async () => {
      const hook = await runCutoverHook(migration.cutoverHook, {
        event: 'rollback', operationId: op.id, account: account.id, databases: account.databases,
        from: { server: plan.fromId, host: plan.from.host, port: plan.from.port }, to: { server: plan.toId, host: plan.to.host, port: plan.to.port },
      });
      const state = await core.store.accountStates.get(account.id);
      const moved = await core.store.accountStates.move(account.id, plan.fromId, account.server, {
        // serverId === previousServerId marks "rolled back": the window and its button are gone.
        serverId: plan.toId, previousServerId: plan.toId, migrationId: migration.id, runOperationId: run.id,
        rollbackDeadline: state?.rollbackDeadline ?? null, rollbackClosedAt: null,
      }, core.clock.now());
      if (moved === 'conflict') throw new Error(`account ${account.id} is no longer on ${plan.fromId}`);
      return { hookAttempts: hook?.attempts ?? 0 };
    });
  } catch (error) {
    if (!(await movedBack())) {
      await revert(ctx, plan);
      throw error;
    }
    core.logger.warn({ err: error, operationId: op.id }, 'error after the rollback cutover was recorded; going forward');
  }

  const done = await ctx.doneSteps();
  final ??= done.get('final-copy') as SyncReport;
  passes ||= ((done.get('online-copy') ?? []) as unknown[]).length;
  // The old server's users were locked by the run; those locked before the run stay locked.
  const runLocks = (await core.store.operations.steps(run.id)).find((s) => s.step === 'freeze-plan' && s.state === 'done')?.detail as { previouslyLocked: string[] } | undefined;
  const unfrozen = await ctx.step('unfreeze', () => persist(core, 'unfreeze on the old server', async () => {
    await unfreezeUsers(plan.to, plan.users, runLocks?.previouslyLocked ?? []);
    const now = core.clock.now();
    await core.store.timers.cancel(reminderTimerId(run.id), now);
    await core.store.timers.cancel(deadlineTimerId(run.id), now);
    await setTimer(core, 'old-copy-removal', removalTimerId(op.id), op.id, new Date(now.getTime() + core.config.oldCopyRetentionDays * 86_400_000));
    return { at: new Date().toISOString() };
  }), { cancellable: false });

  const since = await frozenSince(core, op.id);
  const version = await core.engine.serverVersion(plan.to).catch(() => '');
  const report: OperationReport = {
    ...(since ? { downtimeMs: Math.max(0, new Date(unfrozen.at).getTime() - since.getTime()) } : {}),
    server: { id: plan.toId, version },
    notes: [
      t(op.locale, 'report.now-on', { account: account.id, server: plan.toId, version }),
      t(op.locale, 'report.delta', { passes, ranges: final.rangesReloaded, rows: final.rowsCopied, tables: final.verification.length }),
    ],
  };
  return report;
};
