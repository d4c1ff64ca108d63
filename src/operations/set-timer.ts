import type { Core } from '../core.ts';
import type { TimerKind } from '../state/timers-repo.ts';

/**
 * Creates a timer: its row in the state database first (the truth, rebuilt
 * into Redis at start), then its BullMQ alarm. Both are idempotent by id.
 * Kept apart from timers.ts, which dispatches fired timers to modules that
 * themselves set timers.
 */
export async function setTimer(core: Core, kind: TimerKind, id: string, subjectId: string, dueAt: Date): Promise<void> {
  await core.store.timers.upsert({ id, kind, subjectId, dueAt }, core.clock.now());
  await core.queue.scheduleTimer({ timerId: id, dueAt });
}
