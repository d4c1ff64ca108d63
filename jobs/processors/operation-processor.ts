import { UnrecoverableError, type Job } from 'bullmq';
import type { Core } from '../../src/core.ts';
import { LeaseHeldError } from '../../src/errors.ts';
import type { OperationJob } from '../../src/ports.ts';
import { runOperation } from '../../src/operations/runner.ts';
import { takeoverJobName } from '../takeover.ts';

/**
 * Processes tests, runs and rollbacks: the state database row is the job;
 * BullMQ only wakes us. A takeover job (jobs/takeover.ts) that finds the
 * lease held by a live worker has nothing to do: that worker goes on.
 */
export function operationProcessor(core: Core, workerId: string) {
  return async (job: Job<OperationJob>): Promise<void> => {
    const { operationId } = job.data;
    if (typeof operationId !== 'string') throw new UnrecoverableError('job without operationId');
    const op = await core.store.operations.get(operationId);
    if (!op) throw new UnrecoverableError(`unknown operation ${operationId}`);
    try {
      await runOperation(core, operationId, workerId);
    } catch (error) {
      if (job.name === takeoverJobName && error instanceof LeaseHeldError) return;
      throw error;
    }
  };
}
