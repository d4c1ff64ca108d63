import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Core } from '../src/core.ts';
import { adoptTemporaryServers } from '../src/operations/temporary-servers.ts';
import { closeQueues, openQueues, queueNames } from './queues.ts';
import { startTakeovers } from './takeover.ts';
import { redisOptions } from './redis-connection.ts';
import { operationProcessor } from './processors/operation-processor.ts';
import { timerProcessor } from './processors/timer-processor.ts';
import { reconcile } from './reconciler.ts';

export interface WorkerSettings {
  readonly redisUrl: string;
  readonly prefix: string;
}

export interface RunningWorker {
  readonly id: string;
  close(): Promise<void>;
}

/**
 * Starts the workers of every queue in this process. Several processes (on
 * several machines) may do this against one Redis: BullMQ hands each job to
 * one of them, and the operation lease guards the rest.
 */
export async function startWorker(core: Core, settings: WorkerSettings): Promise<RunningWorker> {
  const id = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const connection = redisOptions(settings.redisUrl);
  // BullMQ renews the job lock every lockDuration / 2 while we work. A killed worker's operation is taken over from its
  // expired lease (jobs/takeover.ts, within LEASE_MS); stall detection (lockDuration plus up to two stalledInterval checks) is the backstop.
  const common = { connection, prefix: settings.prefix, maxStalledCount: 1000, stalledInterval: 5_000, lockDuration: 10_000 };
  const workers = [
    new Worker(queueNames.tests, operationProcessor(core, id), { ...common, concurrency: 2 }),
    new Worker(queueNames.runs, operationProcessor(core, id), { ...common, concurrency: 2 }),
    new Worker(queueNames.timers, timerProcessor(core), { ...common, concurrency: 4 }),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, error) => core.logger.warn({ err: error, jobId: job?.id, queue: worker.name }, 'job attempt failed'));
    worker.on('error', (error) => core.logger.error({ err: error, queue: worker.name }, 'worker error'));
  }
  await adoptTemporaryServers(core);
  const counts = await reconcile(core);
  const queues = openQueues(settings);
  const takeovers = await startTakeovers(core, queues);
  core.logger.info({ worker: id, ...counts, takeovers: takeovers.scheduled }, 'worker started');
  return {
    id,
    close: async () => {
      takeovers.stop();
      await Promise.all(workers.map((w) => w.close()));
      await closeQueues(queues);
    },
  };
}
