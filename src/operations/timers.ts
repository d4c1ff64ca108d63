import type { Core } from '../core.ts';
import type { Timer, TimerKind } from '../state/timers-repo.ts';
import { destroyTemporaryServer } from './temporary-servers.ts';
import { closeRollbackWindow, remindRollbackDeadline, removeOldCopies } from './rollback-window.ts';
import { expireApproval } from './approval-expiry.ts';

const handlers: Record<TimerKind, (core: Core, timer: Timer) => Promise<void>> = {
  'temporary-expiry': async (core, timer) => {
    const row = await core.store.temporaryServers.get(timer.subjectId);
    if (row) await destroyTemporaryServer(core, row);
  },
  'rollback-reminder': (core, timer) => remindRollbackDeadline(core, timer.subjectId),
  'rollback-deadline': (core, timer) => closeRollbackWindow(core, timer.subjectId),
  'old-copy-removal': (core, timer) => removeOldCopies(core, timer.subjectId),
  'approval-expiry': (core, timer) => expireApproval(core, timer.subjectId),
};

/**
 * Fires a timer once. An alarm that rings early (clock skew, a rebuilt
 * Redis) is scheduled again for the due time stored in the state database.
 */
export async function fireTimer(core: Core, timerId: string): Promise<void> {
  const timer = await core.store.timers.get(timerId);
  if (!timer || timer.firedAt) return;
  if (timer.dueAt > core.clock.now()) {
    await core.queue.scheduleTimer({ timerId, dueAt: timer.dueAt });
    return;
  }
  await handlers[timer.kind](core, timer);
  await core.store.timers.markFired(timerId, core.clock.now());
}
