import type { Core } from '../src/core.ts';

/**
 * Rebuilds Redis from the state database at start: unfinished operations are
 * enqueued again (a job that still exists is left alone, same id) and every
 * pending timer is scheduled again, so a Redis that lost its data loses nothing.
 */
export async function reconcile(core: Core): Promise<{ operations: number; timers: number }> {
  const active = await core.store.operations.active();
  for (const op of active) await core.queue.enqueueOperation({ operationId: op.id, kind: op.kind });
  const timers = await core.store.timers.pending();
  for (const timer of timers) await core.queue.scheduleTimer({ timerId: timer.id, dueAt: timer.dueAt });
  return { operations: active.length, timers: timers.length };
}
