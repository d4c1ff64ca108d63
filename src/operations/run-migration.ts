import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import type { OperationReport } from '../messages/report-view.ts';
import { t } from '../messages/i18n.ts';
import type { Operation } from '../state/operations-repo.ts';
import { accountUsers } from './account-users.ts';
import { copyAccount } from '../drivers/mariadb/copier/index.ts';
import type { CopyReport } from '../drivers/mariadb/copier/types.ts';
import { describeEndpoint, type DatabaseUser, type Endpoint } from '../drivers/endpoint.ts';
import type { Executor, OperationContext } from './context.ts';
import { setTimer } from './set-timer.ts';
import { dropCopies, existingObjects } from '../drivers/mariadb/live/copies.ts';
import { runCutoverHook } from './cutover-hook.ts';
import {
  deadlineTimerId, ensureRollbackAction, freezeUsers, frozenSince, liveConfigOf, lockPlan, onlinePasses, passSummary, persist,
  reminderTimerId, removalTimerId, unfreezeUsers,
} from './live-steps.ts';
import { syncAccount, type SyncReport } from '../drivers/mariadb/sync/sync.ts';
import { TargetChecksums } from '../drivers/mariadb/sync/target-checksums.ts';
import { applyUserGrants, createUsersLocked, withAdmin } from '../drivers/mariadb/live/users.ts';

interface RunPlan {
  readonly op: Operation;
  readonly sourceId: string;
  readonly targetId: string;
  readonly source: Endpoint;
  readonly target: Endpoint;
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
}

/**
 * The target must not hold databases or users of these names unless they
 * are this account's own copies: left there, locked, by a rollback of an
 * earlier run to the same server. Anything else is someone's data: refuse.
 */
async function checkTarget(core: Core, plan: RunPlan): Promise<{ replaced: string[] }> {
  const found = await existingObjects(plan.target, plan.databases, plan.users);
  if (found.length === 0) return { replaced: [] };
  const history = (await core.store.operations.recent(plan.op.accountId, 100))
    .filter((o) => o.id !== plan.op.id && o.status === 'succeeded' && (o.kind === 'run' || o.kind === 'rollback'));
  const last = history[0];
  if (last?.kind === 'rollback' && last.sourceServer === plan.targetId) {
    await core.store.timers.cancel(removalTimerId(last.id), core.clock.now());
    return { replaced: found };
  }
  throw new UserError('run-target-occupied', { server: plan.targetId, objects: found.join(', '), account: plan.op.accountId });
}

/** The whole copy while the account stays online; users are created on the target LOCKED. */
async function precopy(ctx: OperationContext, plan: RunPlan): Promise<CopyReport> {
  const { core, op } = ctx;
  const prepared = await withAdmin(plan.source, 'source', (source) => withAdmin(plan.target, 'target', (target) => createUsersLocked(source, target, plan.users)));
  const copy = await copyAccount({
    source: plan.source, target: plan.target, databases: plan.databases, users: [], replaceExisting: true, signal: ctx.signal,
    logger: { info: (m, f) => core.logger.info({ operationId: op.id, ...f }, m), warn: (m, f) => core.logger.warn({ operationId: op.id, ...f }, m) },
    onProgress: (p) => ctx.progress({
      step: 'precopy', bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, rate: p.rate,
      ...(p.database !== undefined ? { database: p.database } : {}), ...(p.table !== undefined ? { table: p.table } : {}),
      ...(p.etaSeconds !== null ? { etaSeconds: p.etaSeconds } : {}),
    }),
  });
  const users = await withAdmin(plan.target, 'target', (target) => applyUserGrants(target, prepared));
  const report = { ...copy, users, ok: copy.ok && users.every((u) => u.ok) };
  if (!report.ok) {
    await ctx.saveReport({ copy: report, failedReason: 'precopy' });
    const first = report.failures[0];
    throw new Error(`the precopy failed for ${report.failures.length || 'some'} objects${first ? ` (first: ${first.database}.${first.object}: ${first.message})` : ''}; see the report`);
  }
  return report;
}

/**
 * The frozen copy must have verified every table identical, and the users must be on the target.
 * The journal says how: tables whose both copies were read, and tables whose source was read while
 * frozen against the target checksums this run kept from its last online pass.
 */
function checkVerified(plan: RunPlan, final: SyncReport): { tables: number; rows: number; bothSides: number; keptTarget: string[] } {
  const bad = final.verification.filter((v) => !v.ok).map((v) => `${v.database}.${v.table}`);
  const failed = final.failures.map((f) => `${f.database}.${f.object}: ${f.message}`);
  if (bad.length > 0 || failed.length > 0) {
    throw new UserError('run-not-verified', { server: plan.targetId, source: plan.sourceId, tables: [...bad, ...failed].slice(0, 5).join('; ') });
  }
  return {
    tables: final.verification.length, rows: final.verification.reduce((n, v) => n + v.targetRows, 0),
    bothSides: final.verification.filter((v) => v.method !== 'source-and-kept-target').length,
    keptTarget: final.verification.filter((v) => v.method === 'source-and-kept-target').map((v) => `${v.database}.${v.table}`),
  };
}

/**
 * Undoes a run that failed before its cutover: the account's users are
 * unlocked on the old server (except those locked before), and the copies
 * made on the target are dropped. The old server's data was never touched.
 */
async function revert(ctx: OperationContext, plan: RunPlan): Promise<void> {
  const { core, op } = ctx;
  await core.store.operations.journal(op.id, 'revert', 'started', null, core.clock.now());
  const done = await ctx.doneSteps();
  const frozenPlan = done.get('freeze-plan') as { previouslyLocked: string[] } | undefined;
  if (frozenPlan) await persist(core, 'unfreeze on the old server', () => unfreezeUsers(plan.source, plan.users, frozenPlan.previouslyLocked));
  if (done.has('check-target')) await persist(core, 'drop the target copies', () => dropCopies(plan.target, plan.databases, plan.users));
  await core.store.operations.journal(op.id, 'revert', 'done', { unfrozen: Boolean(frozenPlan) }, core.clock.now());
}

/** Account state moved to the target by this run: the point of no return is passed. */
async function cutOver(core: Core, plan: RunPlan): Promise<boolean> {
  const state = await core.store.accountStates.get(plan.op.accountId);
  return state?.runOperationId === plan.op.id && state.serverId === plan.targetId;
}

/**
 * A live migration: precopy while the account stays online, online delta
 * passes, freeze (lock the account's users, end their connections), final
 * delta copy verified table by table, cutover (state database + hook),
 * unfreeze on the new server. Before the cutover any failure (or a resumed
 * revert) puts the account back on its old server, unfrozen; after it, the
 * run goes forward. Every step is journaled and safe to run again.
 */
export const runMigration: Executor = async (ctx) => {
  const { core, op } = ctx;
  const { account, migration } = liveConfigOf(core, op.accountId, op.migrationId);
  const sourceId = op.sourceServer ?? account.server;
  const targetId = op.targetServer ?? migration.target;
  if (!targetId) throw new UserError('no-target', { migration: migration.id });
  const plan: RunPlan = {
    op, sourceId, targetId, databases: account.databases, users: accountUsers(account),
    source: await core.engine.endpointOf(sourceId), target: await core.engine.endpointOf(targetId),
  };
  const journal = await core.store.operations.steps(op.id);
  if (journal.some((s) => s.step === 'revert')) {
    await revert(ctx, plan);
    throw new Error(`reverted after a failure at step ${journal.find((s) => s.state === 'failed')?.step ?? op.step ?? '-'}`);
  }

  let copy: CopyReport;
  let final: SyncReport;
  let passes: ReturnType<typeof passSummary>[];
  try {
    await ctx.step('check-target', () => checkTarget(core, plan));
    copy = await ctx.step('precopy', () => precopy(ctx, plan));
    // The target's checksums measured by the online passes, for the frozen pass of this same invocation only
    // (a resumed run has none and reads both sides): nothing but this run writes to the target copy.
    const kept = new TargetChecksums(describeEndpoint(plan.target));
    passes = await ctx.step('online-copy', () => onlinePasses(ctx, plan.source, plan.target, plan.databases, kept));
    const locks = await ctx.step('freeze-plan', () => lockPlan(plan.source, plan.users));
    await ctx.step('freeze', () => freezeUsers(plan.source, plan.users));
    final = await ctx.step('final-copy', () => syncAccount({
      source: plan.source, target: plan.target, databases: plan.databases, mode: 'frozen', signal: ctx.signal, targetChecksums: kept,
      onTable: (table, done, total) => ctx.progress({ step: 'final-copy', table, bytesDone: done, bytesTotal: total }),
    }));
    await ctx.step('verify', async () => checkVerified(plan, final));
    await ctx.step('cutover', async () => {
      // The hook first: if it cannot tell the application, nothing moved and the run reverts.
      const hook = await runCutoverHook(migration.cutoverHook, {
        event: 'run', operationId: op.id, account: account.id, databases: account.databases,
        from: { server: sourceId, host: plan.source.host, port: plan.source.port }, to: { server: targetId, host: plan.target.host, port: plan.target.port },
      });
      await ensureRollbackAction(core, op.id, account.id, migration.id);
      const startedAt = op.startedAt ?? core.clock.now();
      const deadline = new Date(startedAt.getTime() + migration.rollbackDays * 86_400_000);
      const moved = await core.store.accountStates.move(account.id, sourceId, account.server, {
        serverId: targetId, previousServerId: sourceId, migrationId: migration.id, runOperationId: op.id, rollbackDeadline: deadline, rollbackClosedAt: null,
      }, core.clock.now());
      if (moved === 'conflict') throw new Error(`account ${account.id} is no longer on ${sourceId}`);
      return { deadline: deadline.toISOString(), hookAttempts: hook?.attempts ?? 0, previouslyLocked: locks.previouslyLocked };
    });
  } catch (error) {
    if (!(await cutOver(core, plan))) {
      await revert(ctx, plan);
      throw error;
    }
    core.logger.warn({ err: error, operationId: op.id }, 'error after the cutover was recorded; going forward');
    copy = (await ctx.doneSteps()).get('precopy') as CopyReport;
    final = (await ctx.doneSteps()).get('final-copy') as SyncReport;
    passes = ((await ctx.doneSteps()).get('online-copy') ?? []) as ReturnType<typeof passSummary>[];
  }

  const done = await ctx.doneSteps();
  const { deadline } = (done.get('cutover') ?? {}) as { deadline?: string };
  const state = await core.store.accountStates.get(account.id);
  const deadlineAt = state?.rollbackDeadline ?? new Date(deadline ?? core.clock.now());
  const previouslyLocked = ((done.get('freeze-plan') ?? { previouslyLocked: [] }) as { previouslyLocked: string[] }).previouslyLocked;
  const unfrozen = await ctx.step('unfreeze', () => persist(core, 'unfreeze on the new server', async () => {
    await unfreezeUsers(plan.target, plan.users, previouslyLocked);
    const at = core.clock.now();
    await setTimer(core, 'rollback-reminder', reminderTimerId(op.id), op.id, new Date(Math.max(at.getTime(), deadlineAt.getTime() - 86_400_000)));
    await setTimer(core, 'rollback-deadline', deadlineTimerId(op.id), op.id, deadlineAt);
    return { at: new Date().toISOString() };
  }), { cancellable: false });

  const since = await frozenSince(core, op.id);
  const downtimeMs = since ? Math.max(0, new Date(unfrozen.at).getTime() - since.getTime()) : undefined;
  const version = await core.engine.serverVersion(plan.target).catch(() => migration.to);
  const report: OperationReport = {
    copy: { ...copy, verification: final.verification, failures: [...copy.failures, ...final.failures], warnings: [...copy.warnings, ...final.warnings] },
    ...(downtimeMs !== undefined ? { downtimeMs } : {}),
    server: { id: targetId, version },
    notes: [
      t(op.locale, 'report.now-on', { account: account.id, server: targetId, version }),
      t(op.locale, 'report.delta', { passes: passes.length, ranges: final.rangesReloaded, rows: final.rowsCopied, tables: final.verification.length }),
      t(op.locale, 'report.old-copies', { server: sourceId }),
    ],
  };
  return report;
};
