import { UnrecoverableError, type Job } from 'bullmq';
import type { Core } from '../../src/core.ts';
import { fireTimer } from '../../src/operations/timers.ts';

/** Fires a timer row of the state database; firing twice is a no-op (compare-and-set on fired_at). */
export function timerProcessor(core: Core) {
  return async (job: Job<{ timerId?: unknown }>): Promise<void> => {
    const { timerId } = job.data;
    if (typeof timerId !== 'string') throw new UnrecoverableError('timer job without timerId');
    await fireTimer(core, timerId);
  };
}
