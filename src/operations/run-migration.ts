import type { Core } from '../core.ts';
import { isLeaseLost, UserError } from '../errors.ts';
import type { MessageFact, OperationReport } from '../messages/report-view.ts';
import type { Operation } from '../state/operations-repo.ts';
import type { CopyReport, SyncReport } from '../drivers/reports.ts';
import type { DatabaseDriver, DatabaseUser, Endpoint } from '../drivers/driver.ts';
import { accountUsers, frozenUsers } from './account-users.ts';
import { definersOf, missingDefinerObjects } from './definers.ts';
import type { Executor, OperationContext } from './context.ts';
import { callHookJournaled, hookPossiblyApplied, runCutoverHook, type CutoverHook, type CutoverPayload } from './cutover-hook.ts';
import { eventsOff, HeldWrites, plannedEvents } from './freeze-guards.ts';
import { ensureRollbackAction, frozenPass, frozenSince, liveConfigOf, onlinePasses, persist, removalTimerId } from './live-steps.ts';
import { scheduleRollbackWindow, startRollbackWindow } from './run-window.ts';
import { runSteps } from './steps/declarations.ts';
import { journaled } from './steps/journal.ts';
import { checkVerified } from './verified.ts';
import { untilDone } from './after-cutover.ts';
import { freezeWriters } from './writers.ts';
import { liveServers, refuseLiveTarget } from './live-servers.ts';
import { dropRunCopies, recordOldCopy } from './old-copies.ts';

interface RunPlan {
  readonly op: Operation;
  readonly sourceId: string;
  readonly targetId: string;
  readonly source: Endpoint;
  readonly target: Endpoint;
  /** The driver of the migration's engine (the target's): it reads the source and writes the target. */
  readonly driver: DatabaseDriver;
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
  /** What the freeze locks on the source: the users, then the accounts frozen with them (frozenWithAccount). */
  readonly frozen: readonly DatabaseUser[];
  readonly definers: Readonly<Record<string, string>>;
}

/**
 * The target must not hold databases or users of these names unless they
 * are this account's own copies: left there, locked, by a rollback of an
 * earlier run to the same server. Anything else is someone's data: refuse.
 */
async function checkTarget(core: Core, plan: RunPlan): Promise<{ replaced: string[] }> {
  // Before anything else: a target that is the account's own server under another address would be replaced by the precopy.
  await refuseLiveTarget(plan.driver, plan.target, await liveServers(core, plan.op.accountId, [plan.sourceId]), plan.op.accountId, 'target-is-live');
  const found = await plan.driver.existingObjects(plan.target, plan.databases, plan.users);
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
  const prepared = await plan.driver.createUsersLocked(plan.source, plan.target, plan.users);
  const copy = await plan.driver.copyAccount({
    // Definitions are compared by the frozen pass: the source may still change during the precopy.
    source: plan.source, target: plan.target, databases: plan.databases, users: [], replaceExisting: true, signal: ctx.signal,
    definers: plan.definers, compareDefinitions: false,
    logger: { info: (m, f) => core.logger.info({ operationId: op.id, ...f }, m), warn: (m, f) => core.logger.warn({ operationId: op.id, ...f }, m) },
    onProgress: (p) => ctx.progress({
      step: runSteps.precopy.name, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, rate: p.rate,
      ...(p.database !== undefined ? { database: p.database } : {}), ...(p.table !== undefined ? { table: p.table } : {}),
      ...(p.etaSeconds !== null ? { etaSeconds: p.etaSeconds } : {}),
    }),
  });
  const users = await plan.driver.applyGrants(plan.target, prepared);
  const report = { ...copy, users, ok: copy.ok && users.every((u) => u.ok) };
  if (!report.ok) {
    await ctx.saveReport({ copy: report, failedReason: runSteps.precopy.name });
    const orphans = missingDefinerObjects(report.failures);
    if (orphans.length > 0) {
      throw new UserError('run-definer-missing', {
        account: ctx.op.accountId, server: plan.targetId,
        objects: orphans.length > 6 ? `${orphans.slice(0, 6).join(', ')} (+${orphans.length - 6})` : orphans.join(', '),
      });
    }
    const first = report.failures[0];
    throw new Error(`the precopy failed for ${report.failures.length || 'some'} objects${first ? ` (first: ${first.database}.${first.object}: ${first.message})` : ''}; see the report`);
  }
  return report;
}

/**
 * Undoes a run that failed before its cutover: the account's users are
 * unlocked on the old server (except those locked before), and the copies
 * made on the target are dropped. The old server's data was never touched.
 * When the cutover hook may have switched the application (it answered,
 * timed out, or the worker died during the call), the hook is first told to
 * switch back (`revert`), and the new copy is kept, its users locked and
 * their connections ended: the application may have written there.
 */
async function revert(ctx: OperationContext, plan: RunPlan, hook: CutoverHook | undefined): Promise<void> {
  const frozenPlan = await ctx.done(runSteps.freezePlan);
  const checked = (await ctx.done(runSteps.checkTarget)) !== undefined;
  const switched = hookPossiblyApplied(await ctx.journal(), ctx.op.id, runSteps.cutoverHook);
  await ctx.step(runSteps.revert, async () => {
    if (switched) {
      await persist(ctx, 'cutover hook (revert)', () => runCutoverHook(hook, cutoverPayload(plan, 'revert')));
      await persist(ctx, 'lock the target copy', () => plan.driver.freeze(plan.target, plan.users));
    }
    if (frozenPlan) await persist(ctx, 'unfreeze on the old server', () => plan.driver.unfreeze(plan.source, plan.frozen, frozenPlan.previouslyLocked));
    const events = await plannedEvents(ctx);
    if (events.length > 0) await persist(ctx, 'events on the old server', () => plan.driver.setEventsEnabled(plan.source, events, true));
    if (checked && !switched) {
      await persist(ctx, 'drop the target copies', () => dropRunCopies(ctx, plan.driver, { id: plan.targetId, endpoint: plan.target }, [plan.source], plan.databases, plan.users));
    }
    return { unfrozen: Boolean(frozenPlan), keptCopy: switched };
  });
}

/** What the hook is told about this run: a switch to the target, or back from it (`revert`). */
function cutoverPayload(plan: RunPlan, event: 'run' | 'revert'): CutoverPayload {
  return {
    event, operationId: plan.op.id, account: plan.op.accountId, databases: plan.databases,
    from: { server: plan.sourceId, host: plan.source.host, port: plan.source.port }, to: { server: plan.targetId, host: plan.target.host, port: plan.target.port },
  };
}

/** Account state moved to the target by this run: the point of no return is passed. */
async function cutOver(core: Core, plan: RunPlan): Promise<boolean> {
  const state = await core.store.accountStates.get(plan.op.accountId);
  return state?.runOperationId === plan.op.id && state.serverId === plan.targetId;
}

/** What a run journaled up to its cutover, read back (after an error past the cutover, or on resume). */
async function journaledCopies(ctx: OperationContext): Promise<{ copy: CopyReport; final: SyncReport; passes: number }> {
  const copy = await ctx.done(runSteps.precopy);
  const final = await ctx.done(runSteps.finalCopy);
  if (!copy || !final) throw new Error(`run ${ctx.op.id} passed its cutover without a journaled precopy and final copy`);
  return { copy, final, passes: (await ctx.done(runSteps.onlineCopy))?.length ?? 0 };
}

/**
 * A live migration: precopy while the account stays online, online delta
 * passes, freeze (disable the account's events, lock its users, end their
 * connections, lock its tables against every writer), final delta copy
 * verified table by table, cutover (state database + hook; the tables'
 * lock released), unfreeze on the new server (its users, and the events
 * that were enabled). Before the cutover any failure (or a resumed
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
    op, sourceId, targetId, databases: account.databases, users: accountUsers(account), frozen: frozenUsers(account), driver: core.engine.driverOf(targetId),
    definers: definersOf(account, migration),
    source: await core.engine.endpointOf(sourceId), target: await core.engine.endpointOf(targetId),
  };
  const journal = await ctx.journal();
  if (journaled(journal, runSteps.revert)) {
    await revert(ctx, plan, migration.cutoverHook);
    throw new Error(`reverted after a failure at step ${journal.find((s) => s.state === 'failed')?.step ?? op.step ?? '-'}`);
  }

  // Until the cutover is recorded, each invocation takes the lock of the account's tables and makes the final copy under it.
  const beforeCutover = !(await cutOver(core, plan));
  const held = new HeldWrites(ctx);
  try {
    await ctx.step(runSteps.checkTarget, () => checkTarget(core, plan));
    await ctx.step(runSteps.precopy, () => precopy(ctx, plan));
    // One live sync per invocation: a resumed run starts with nothing kept and reads both sides.
    const sync = plan.driver.liveSync(plan.source, plan.target, plan.databases, { users: plan.users, definers: plan.definers });
    await ctx.step(runSteps.onlineCopy, () => onlinePasses(ctx, sync));
    const locks = await ctx.step(runSteps.freezePlan, () => plan.driver.lockPlan(plan.source, plan.frozen));
    await eventsOff(ctx, plan.driver, plan.source, plan.databases);
    await ctx.step(runSteps.freeze, () => freezeWriters(core, sourceId, account, plan.driver, plan.source, plan.frozen));
    await held.take(plan.driver, plan.source, plan.databases, beforeCutover);
    const final = await ctx.step(runSteps.finalCopy, () => frozenPass(ctx, sync), { again: beforeCutover });
    await ctx.step(runSteps.verify, () => Promise.resolve(checkVerified(final, { server: plan.targetId, source: plan.sourceId })), { again: beforeCutover });
    await ctx.step(runSteps.cutover, async () => {
      if (beforeCutover) await held.check();
      // The Rollback button's row before the hook: once the application may point at the new server, a rollback must be possible.
      await ensureRollbackAction(core, op.id, op.accountId, migration.id);
      // The hook first: if it cannot tell the application, nothing moved and the run reverts.
      const hook = await callHookJournaled((fn) => ctx.step(runSteps.cutoverHook, fn), migration.cutoverHook, cutoverPayload(plan, 'run'));
      const deadline = await startRollbackWindow(core, op, ctx.fence, { sourceId, targetId, configuredServer: account.server, migration });
      return { deadline: deadline.toISOString(), hookAttempts: hook.attempts, previouslyLocked: locks.previouslyLocked };
    });
    // Recorded: the old copy's users stay locked; writers the lock stopped go on there (refusing them is the freeze's, before).
    await held.release();
  } catch (error) {
    await held.release();
    if (isLeaseLost(error, ctx.signal)) throw error;
    if (!(await cutOver(core, plan))) {
      await revert(ctx, plan, migration.cutoverHook);
      throw error;
    }
    core.logger.warn({ err: error, operationId: op.id }, 'error after the cutover was recorded; going forward');
  }

  const { copy, final, passes } = await journaledCopies(ctx);
  const previouslyLocked = (await ctx.done(runSteps.freezePlan))?.previouslyLocked ?? [];
  const cutover = await ctx.done(runSteps.cutover);
  const unfrozen = await ctx.step(runSteps.unfreeze, () => untilDone(ctx, runSteps.unfreeze, 'the unfreeze and the rollback timers', targetId, async () => {
    await plan.driver.unfreeze(plan.target, plan.users, previouslyLocked);
    await plan.driver.setEventsEnabled(plan.target, await plannedEvents(ctx), true);
    await scheduleRollbackWindow(core, op.id, account.id, cutover?.deadline);
    return { at: new Date().toISOString() };
  }));
  await ctx.step(runSteps.oldCopy, () => recordOldCopy(ctx, plan.driver, { id: sourceId, endpoint: plan.source }, plan.databases, plan.users));

  const since = await frozenSince(core, op.id);
  const downtimeMs = since ? Math.max(0, new Date(unfrozen.at).getTime() - since.getTime()) : undefined;
  const version = await plan.driver.serverVersion(plan.target).catch(() => migration.to);
  const notes: MessageFact[] = [
    { key: 'report.now-on', params: { account: account.id, server: targetId, version } },
    { key: 'report.delta', params: { passes, ranges: final.rangesReloaded, rows: final.rowsCopied, tables: final.verification.length } },
    // The precopy's caveat on tables outside its snapshot does not hold for a run: the frozen pass verified them with writes stopped.
    ...(copy.outsideSnapshot.length > 0 ? [{ key: 'report.verified-frozen' as const, params: { tables: copy.outsideSnapshot.join(', ') } }] : []),
    { key: 'report.old-copies', params: { server: sourceId } },
  ];
  return {
    copy: {
      ...copy, outsideSnapshot: [], verification: final.verification,
      failures: [...copy.failures, ...final.failures], warnings: [...copy.warnings, ...final.warnings],
    },
    ...(downtimeMs !== undefined ? { downtimeMs } : {}),
    server: { id: targetId, version },
    notes,
  } satisfies OperationReport;
};
