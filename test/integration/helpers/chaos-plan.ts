import type { Runtime } from '../../../jobs/bootstrap.ts';
import { isFinal } from '../../../src/domain/operation-state.ts';
import { rollbackSteps, runSteps } from '../../../src/operations/steps/declarations.ts';

/** The seeded generator of the malformed-request tests (mulberry32): the same CHAOS_SEED draws the same kill plans. */
export { seededRandom as seeded } from '../../helpers/malformed.ts';

export type Kind = 'run' | 'rollback';

/** The steps of each kind in order, as the operation's `step` shows them (no revert, no inner step). */
export const stepsOf: Record<Kind, string[]> = {
  run: Object.values(runSteps).filter((s) => s !== runSteps.revert && !s.inner).map((s) => s.name),
  rollback: Object.values(rollbackSteps).filter((s) => s !== rollbackSteps.revert && !s.inner).map((s) => s.name),
};

/** How long an operation and each of its steps took, from an uninterrupted one's journal. */
export interface Timing { totalMs: number; stepMs: Record<string, number> }

export function timingOf(journal: readonly { step: string; state: string; at: Date }[], totalMs: number): Timing {
  const stepMs: Record<string, number> = {};
  for (const started of journal.filter((s) => s.state === 'started')) {
    const done = journal.find((s) => s.step === started.step && s.state === 'done' && s.at >= started.at);
    if (done) stepMs[started.step] = done.at.getTime() - started.at.getTime();
  }
  return { totalMs, stepMs };
}

/**
 * Where to kill: `time` at a moment drawn over the whole operation, `step`
 * inside a step drawn from its steps (at a moment drawn over that step's
 * duration once it is entered), so the short steps of the downtime get kills
 * too. Three draws each, whatever is chosen, so a seed replays the plans.
 */
export interface KillPlan {
  mode: 'time' | 'step'; step: string; fraction: number;
  /** Set for about one kill in four: the worker that took over is killed too, this part of the operation's time after its claim. */
  again: number | null;
}

export function drawPlan(kind: Kind, rand: () => number): KillPlan {
  const mode = rand() < 0.5 ? 'time' : 'step';
  const steps = stepsOf[kind];
  const step = steps[Math.floor(rand() * steps.length)]!;
  const fraction = rand() * 0.9;
  const again = rand() < 0.25 ? rand() * 0.6 : (rand(), null);
  return { mode, step, fraction, again };
}

/** Waits until a worker claimed the operation again after the kill (its fencing token moved past `token`), or it is over. */
export async function untilClaimed(rt: Runtime, id: string, token: number, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const op = await rt.core.store.operations.get(id);
    if (!op || isFinal(op.status) || op.leaseToken > token) return;
    if (Date.now() > until) throw new Error(`operation ${id} not taken over ${ms / 1000} s after its worker was killed`);
    await sleep(25);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until the worker holds the operation (running, or already over): the moment the plan's delays count from. */
export async function untilRunning(rt: Runtime, id: string, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const op = await rt.core.store.operations.get(id);
    if (op && op.status !== 'queued') return;
    if (Date.now() > until) throw new Error(`operation ${id} still queued after ${ms / 1000} s: no worker took it`);
    await sleep(25);
  }
}

/** Waits for the plan's moment: its delay over the whole operation, or its step entered (or passed) and a part of that step's time. */
export async function untilKillMoment(rt: Runtime, id: string, kind: Kind, plan: KillPlan, timing: Timing): Promise<void> {
  if (plan.mode === 'time') return sleep(plan.fraction * timing.totalMs);
  const order = stepsOf[kind];
  const wanted = order.indexOf(plan.step);
  for (;;) {
    const op = await rt.core.store.operations.get(id);
    if (!op || isFinal(op.status) || order.indexOf(op.step ?? '') >= wanted) break;
    await sleep(5);
  }
  await sleep(plan.fraction * (timing.stepMs[plan.step] ?? 0));
}

/** Where a kill landed, from the journal: inside the last step started and not done, between steps, or after the end. */
export async function landing(rt: Runtime, id: string): Promise<string> {
  const op = await rt.core.store.operations.get(id);
  if (!op || isFinal(op.status)) return 'after the end';
  // The hook's call is a step inside the cutover: "in cutover-hook" and "after cutover-hook" are inside the cutover.
  const last = (await rt.core.store.operations.steps(id)).at(-1);
  if (!last) return 'before the first step';
  return last.state === 'started' ? `in ${last.step}` : `after ${last.step}`;
}

export function quantiles(values: readonly number[]): { min: number; median: number; max: number } {
  const v = [...values].sort((a, b) => a - b);
  return { min: v[0] ?? 0, median: v[Math.floor(v.length / 2)] ?? 0, max: v.at(-1) ?? 0 };
}
