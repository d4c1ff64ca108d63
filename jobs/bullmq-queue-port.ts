import type { OperationJob, QueuePort, TimerJob } from '../src/ports.ts';
import { queueFor, type Queues } from './queues.ts';

/**
 * QueuePort on BullMQ. Job ids are operation and timer ids, so adding the
 * same one twice is a no-op; jobs carry ids only, the state database holds the rest.
 */
export class BullmqQueuePort implements QueuePort {
  constructor(private readonly queues: Queues) {}

  async enqueueOperation(job: OperationJob): Promise<{ position: number }> {
    const queue = this.queues[queueFor(job.kind)];
    await queue.add(job.kind, job, {
      jobId: job.operationId,
      removeOnComplete: true,
      removeOnFail: 1000,
      // Transient faults (state database briefly away, lease held) are retried; operation failures are final states, not job failures.
      attempts: 20,
      backoff: { type: 'exponential', delay: 2000 },
    });
    // Oldest first; a job a worker took already is not waiting: it is next, position 1.
    const waiting = (await queue.getWaiting()).reverse();
    const index = waiting.findIndex((j) => j.id === job.operationId);
    if (index < 0) return { position: 1 };
    return { position: (await queue.getActiveCount()) + index + 1 };
  }

  async removeOperation(job: OperationJob): Promise<boolean> {
    const found = await this.queues[queueFor(job.kind)].getJob(job.operationId);
    if (!found) return false;
    const state = await found.getState();
    if (state === 'active') return false;
    await found.remove();
    return true;
  }

  async scheduleTimer(job: TimerJob): Promise<void> {
    const delay = Math.max(0, job.dueAt.getTime() - Date.now());
    await this.queues.timers.add('timer', { timerId: job.timerId }, { jobId: job.timerId, delay, removeOnComplete: true, removeOnFail: 1000, attempts: 10, backoff: { type: 'exponential', delay: 5000 } });
  }
}
