import { UnrecoverableError, type Job } from 'bullmq';
import type { Core } from '../../src/core.ts';
import type { OperationJob } from '../../src/ports.ts';
import { runOperation } from '../../src/operations/runner.ts';

/** Processes tests, runs and rollbacks: the state database row is the job; BullMQ only wakes us. */
export function operationProcessor(core: Core, workerId: string) {
  return async (job: Job<OperationJob>): Promise<void> => {
    const { operationId } = job.data;
    if (typeof operationId !== 'string') throw new UnrecoverableError('job without operationId');
    const op = await core.store.operations.get(operationId);
    if (!op) throw new UnrecoverableError(`unknown operation ${operationId}`);
    await runOperation(core, operationId, workerId);
  };
}
