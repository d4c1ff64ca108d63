import type { Core } from '../../core.ts';
import type { TimerKind } from '../../state/timers-repo.ts';

/**
 * Same as timers.ts `setTimer` (a timer row, then its BullMQ alarm; both
 * idempotent by id), for the modules timers.ts itself dispatches to, which
 * cannot import it back without a cycle.
 */
export async function schedule(core: Core, kind: TimerKind, id: string, subjectId: string, dueAt: Date): Promise<void> {
  await core.store.timers.upsert({ id, kind, subjectId, dueAt }, core.clock.now());
  await core.queue.scheduleTimer({ timerId: id, dueAt });
}
