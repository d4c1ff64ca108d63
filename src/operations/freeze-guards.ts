import type { DatabaseDriver, Endpoint, EventRef, WriteHold } from '../drivers/driver.ts';
import type { OperationContext } from './context.ts';
import { runSteps } from './steps/declarations.ts';

/**
 * What stops the writers a lock of the account's users does not stop, for
 * a run and a rollback alike (they share these steps): the account's
 * events, disabled at the freeze and enabled again on one server only,
 * and a lock of every table of the account from the final copy to the
 * cutover, whoever writes.
 */

/**
 * Journals the account's enabled events (once: a resumed freeze must not
 * read them back disabled), then disables them on the server the account
 * leaves. Returns the plan, which the unfreeze and a revert enable again.
 */
export async function eventsOff(ctx: OperationContext, driver: DatabaseDriver, endpoint: Endpoint, databases: readonly string[]): Promise<EventRef[]> {
  const plan = await ctx.step(runSteps.eventsPlan, async () => ({ enabled: await driver.enabledEvents(endpoint, databases) }));
  await ctx.step(runSteps.eventsOff, async () => ({ disabled: await driver.setEventsEnabled(endpoint, plan.enabled, false) }));
  return plan.enabled;
}

/** The events journaled enabled at the freeze (none when the freeze never got that far). */
export async function plannedEvents(ctx: OperationContext): Promise<EventRef[]> {
  return (await ctx.done(runSteps.eventsPlan))?.enabled ?? [];
}

/**
 * The lock of the account's tables held by this executor invocation. Taken
 * just before the final copy; released once the cutover is recorded (or
 * before a revert). A worker that dies loses it with its session: a resumed
 * invocation takes it again, and must then run the final copy again, since
 * writes may have committed in between.
 */
export class HeldWrites {
  private hold: WriteHold | null = null;

  constructor(private readonly ctx: OperationContext) {}

  /** The journaled step `lock-writes`, run again (`again`) by every invocation that has not passed its cutover. */
  async take(driver: DatabaseDriver, endpoint: Endpoint, databases: readonly string[], again: boolean): Promise<void> {
    // A worker that lost the lease may still hold the lock (stalled, not dead): its journaled session is ended first.
    const previous = again ? (await this.ctx.done(runSteps.lockWrites))?.holder : undefined;
    await this.ctx.step(runSteps.lockWrites, async () => {
      await this.release();
      this.hold = await driver.holdWrites(endpoint, databases, { signal: this.ctx.signal, ...(previous ? { replacing: previous } : {}) });
      return { tables: this.hold.tables, attempts: this.hold.attempts, holder: this.hold.holder };
    }, { again });
  }

  /** Throws unless this invocation still holds the lock: a cutover without it could lose writes committed since the final copy. */
  async check(): Promise<void> {
    if (!this.hold) throw new Error('the account\'s tables are not locked by this worker: no cutover without a final copy made under the lock');
    await this.hold.check();
  }

  /** Idempotent, never throws. */
  async release(): Promise<void> {
    const hold = this.hold;
    this.hold = null;
    await hold?.release();
  }
}
