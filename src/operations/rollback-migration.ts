import { isLeaseLost, UserError } from '../errors.ts';
import type { OperationReport } from '../messages/report-view.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { DatabaseDriver, DatabaseUser, Endpoint } from '../drivers/driver.ts';
import { accountUsers, frozenUsers } from './account-users.ts';
import type { Executor, OperationContext } from './context.ts';
import { setTimer } from './set-timer.ts';
import { callHookJournaled, hookPossiblyApplied, runCutoverHook, type CutoverHook, type CutoverPayload } from './cutover-hook.ts';
import { eventsOff, HeldWrites, plannedEvents } from './freeze-guards.ts';
import { deadlineTimerId, frozenPass, frozenSince, liveConfigOf, onlinePasses, persist, reminderTimerId, removalTimerId } from './live-steps.ts';
import { rollbackSteps, runSteps } from './steps/declarations.ts';
import { journaled, journaledDetail } from './steps/journal.ts';
import { checkVerified } from './verified.ts';
import { untilDone } from './after-cutover.ts';
import { freezeWriters } from './writers.ts';
import { recordOldCopy } from './old-copies.ts';

interface RollbackPlan {
  readonly op: Operation;
  readonly run: Operation;
  /** Where the account is now (the run's target) and where it goes back to (the run's source). */
  readonly fromId: string;
  readonly toId: string;
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** The driver of the old server's engine, which takes the data back. */
  readonly driver: DatabaseDriver;
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
  /** What the freeze locks: the users, then the accounts frozen with them (frozenWithAccount). */
  readonly frozen: readonly DatabaseUser[];
}

/** Refuses, naming every object, when the old server cannot take the data back as it is. */
async function checkCompatible(ctx: OperationContext, plan: RollbackPlan): Promise<{ checked: true }> {
  const objects = await plan.driver.incompatibleObjects(plan.from, plan.to, plan.databases);
  if (objects.length === 0) return { checked: true };
  await ctx.saveReport({ notes: objects.map((object) => ({ key: 'report.incompatible-object', params: { object } })), failedReason: 'incompatible' });
  throw new UserError('rollback-incompatible', {
    account: plan.op.accountId, server: plan.toId, current: plan.fromId,
    objects: objects.length > 6 ? `${objects.slice(0, 6).join(', ')} (+${objects.length - 6})` : objects.join(', '),
  });
}

/**
 * A rollback that failed before its cutover: the account stays on the new
 * server, unfrozen. When the hook may have pointed the application at the
 * old server, it is first told to switch back (`revert`); the old copies
 * stay locked there, as they were.
 */
async function revert(ctx: OperationContext, plan: RollbackPlan, hook: CutoverHook | undefined): Promise<void> {
  const locks = await ctx.done(rollbackSteps.freezePlan);
  const switched = hookPossiblyApplied(await ctx.journal(), ctx.op.id, rollbackSteps.cutoverHook);
  await ctx.step(rollbackSteps.revert, async () => {
    if (switched) await persist(ctx, 'cutover hook (revert)', () => runCutoverHook(hook, { ...hookPayload(plan), event: 'revert' }));
    if (locks) await persist(ctx, 'unfreeze on the new server', () => plan.driver.unfreeze(plan.from, plan.frozen, locks.previouslyLocked));
    const events = await plannedEvents(ctx);
    if (events.length > 0) await persist(ctx, 'events on the new server', () => plan.driver.setEventsEnabled(plan.from, events, true));
    return { unfrozen: Boolean(locks) };
  });
}

/** What the hook is told: the account goes back from the new server to the old one. */
function hookPayload(plan: RollbackPlan): CutoverPayload {
  return {
    event: 'rollback', operationId: plan.op.id, account: plan.op.accountId, databases: plan.databases,
    from: { server: plan.fromId, host: plan.from.host, port: plan.from.port }, to: { server: plan.toId, host: plan.to.host, port: plan.to.port },
  };
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
    op, run, fromId: run.targetServer, toId: run.sourceServer, databases: account.databases, users: accountUsers(account), frozen: frozenUsers(account),
    driver: core.engine.driverOf(run.sourceServer),
    from: await core.engine.endpointOf(run.targetServer), to: await core.engine.endpointOf(run.sourceServer),
  };
  const movedBack = async () => {
    const state = await core.store.accountStates.get(account.id);
    return state?.runOperationId === run.id && state.serverId === plan.toId;
  };
  const journal = await ctx.journal();
  if (journaled(journal, rollbackSteps.revert) && !(await movedBack())) {
    await revert(ctx, plan, migration.cutoverHook);
    throw new Error(`reverted after a failure at step ${journal.find((s) => s.state === 'failed')?.step ?? op.step ?? '-'}`);
  }

  // As a run's (see run-migration.ts): each invocation before the cutover locks the tables and makes the final copy under the lock.
  const beforeCutover = !(await movedBack());
  const held = new HeldWrites(ctx);
  try {
    await ctx.step(rollbackSteps.checkCompat, () => checkCompatible(ctx, plan));
    // One live sync per invocation (see run-migration.ts): the old copies are locked, only this rollback writes there.
    // No definers mapped back: the programs on the new server name accounts that exist there, and the old server has the account's users.
    const sync = plan.driver.liveSync(plan.from, plan.to, plan.databases, { users: plan.users });
    await ctx.step(rollbackSteps.onlineCopy, () => onlinePasses(ctx, sync));
    await ctx.step(rollbackSteps.freezePlan, () => plan.driver.lockPlan(plan.from, plan.frozen));
    await eventsOff(ctx, plan.driver, plan.from, plan.databases);
    await ctx.step(rollbackSteps.freeze, () => freezeWriters(core, plan.fromId, account, plan.driver, plan.from, plan.frozen));
    await ctx.step(rollbackSteps.recheckCompat, () => checkCompatible(ctx, plan));
    await held.take(plan.driver, plan.from, plan.databases, beforeCutover);
    const final = await ctx.step(rollbackSteps.finalCopy, () => frozenPass(ctx, sync), { again: beforeCutover });
    await ctx.step(rollbackSteps.verify, () => Promise.resolve(checkVerified(final, { server: plan.toId, source: plan.fromId })), { again: beforeCutover });
    await ctx.step(rollbackSteps.cutover, async () => {
      if (beforeCutover) await held.check();
      const hook = await callHookJournaled((fn) => ctx.step(rollbackSteps.cutoverHook, fn), migration.cutoverHook, hookPayload(plan));
      const state = await core.store.accountStates.get(account.id);
      const moved = await core.store.accountStates.move(account.id, plan.fromId, account.server, {
        // serverId === previousServerId marks "rolled back": the window and its button are gone.
        serverId: plan.toId, previousServerId: plan.toId, migrationId: migration.id, runOperationId: run.id,
        rollbackDeadline: state?.rollbackDeadline ?? null, rollbackClosedAt: null,
      }, core.clock.now(), ctx.fence);
      if (moved === 'conflict') throw new Error(`account ${account.id} is no longer on ${plan.fromId}`);
      return { hookAttempts: hook.attempts };
    });
    await held.release();
  } catch (error) {
    await held.release();
    if (isLeaseLost(error, ctx.signal)) throw error;
    if (!(await movedBack())) {
      await revert(ctx, plan, migration.cutoverHook);
      throw error;
    }
    core.logger.warn({ err: error, operationId: op.id }, 'error after the rollback cutover was recorded; going forward');
  }

  const final = await ctx.done(rollbackSteps.finalCopy);
  if (!final) throw new Error(`rollback ${op.id} passed its cutover without a journaled final copy`);
  const passes = (await ctx.done(rollbackSteps.onlineCopy))?.length ?? 0;
  // The old server's users were locked by the run; those locked before the run stay locked.
  const runLocks = await journaledDetail(core, run.id, runSteps.freezePlan);
  const unfrozen = await ctx.step(rollbackSteps.unfreeze, () => untilDone(ctx, rollbackSteps.unfreeze, 'the unfreeze and the removal timer', plan.toId, async () => {
    // The accounts frozen with the account were left locked here by the run, like its users.
    await plan.driver.unfreeze(plan.to, plan.frozen, runLocks?.previouslyLocked ?? []);
    await plan.driver.setEventsEnabled(plan.to, await plannedEvents(ctx), true);
    const now = core.clock.now();
    await core.store.timers.cancel(reminderTimerId(run.id), now);
    await core.store.timers.cancel(deadlineTimerId(run.id), now);
    await setTimer(core, 'old-copy-removal', removalTimerId(op.id), op.id, new Date(now.getTime() + core.config.oldCopyRetentionDays * 86_400_000));
    return { at: new Date().toISOString() };
  }));
  await ctx.step(rollbackSteps.oldCopy, () => recordOldCopy(ctx, plan.driver, { id: plan.fromId, endpoint: plan.from }, plan.databases, plan.users));

  const since = await frozenSince(core, op.id);
  const version = await plan.driver.serverVersion(plan.to).catch(() => '');
  return {
    ...(since ? { downtimeMs: Math.max(0, new Date(unfrozen.at).getTime() - since.getTime()) } : {}),
    server: { id: plan.toId, version },
    notes: [
      { key: 'report.now-on', params: { account: account.id, server: plan.toId, version } },
      { key: 'report.delta', params: { passes, ranges: final.rangesReloaded, rows: final.rowsCopied, tables: final.verification.length } },
    ],
  } satisfies OperationReport;
};
