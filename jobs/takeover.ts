import type { Core } from '../src/core.ts';
import type { OperationJob } from '../src/ports.ts';
import type { Operation } from '../src/state/operations-repo.ts';
import { queueFor, type Queues } from './queues.ts';

/** The BullMQ job name of a takeover: the processor treats a lease still held by a live worker as nothing to do. */
export const takeoverJobName = 'takeover';

/** How often a worker looks for operations whose lease expired (their worker died or stalled). */
export const TAKEOVER_SCAN_MS = 2_000;

/** One takeover per lease: a new claim changes the token, so a lease that expires again gets a job of its own. */
const takeoverJobId = (op: Operation) => `takeover-${op.id}-${op.leaseToken}`;

async function enqueueTakeover(queues: Queues, op: Operation, delayMs: number): Promise<void> {
  const job: OperationJob = { operationId: op.id, kind: op.kind };
  await queues[queueFor(op.kind)].add(takeoverJobName, job, {
    jobId: takeoverJobId(op), delay: Math.max(0, delayMs), removeOnComplete: true, removeOnFail: 1000,
    attempts: 20, backoff: { type: 'exponential', delay: 1000 },
  });
}

/**
 * A running operation whose worker was killed keeps its BullMQ job
 * "active" until BullMQ's stall detection gives it back (lockDuration plus
 * up to two stalledInterval checks). Instead, a worker takes it over itself:
 * at start, every operation whose lease has expired gets a takeover job now
 * and every other running one a takeover job due when its lease ends (done
 * at once if its worker renewed meanwhile); then, every TAKEOVER_SCAN_MS,
 * each newly expired lease gets one. The lease claim (a compare-and-set
 * that increments the fencing token) keeps it to one worker.
 */
export async function startTakeovers(core: Core, queues: Queues): Promise<{ scheduled: number; stop(): void }> {
  const now = core.clock.now();
  const running = await core.store.operations.active();
  let scheduled = 0;
  for (const op of running) {
    if (op.status === 'queued') continue;
    await enqueueTakeover(queues, op, op.leaseUntil ? op.leaseUntil.getTime() - now.getTime() + 200 : 0);
    scheduled++;
  }
  let scanning = false;
  const timer = setInterval(() => {
    if (scanning) return;
    scanning = true;
    core.store.operations.expiredLeases(core.clock.now())
      .then(async (expired) => { for (const op of expired) await enqueueTakeover(queues, op, 0); })
      .catch((error: unknown) => core.logger.warn({ err: error }, 'takeover scan failed'))
      .finally(() => { scanning = false; });
  }, TAKEOVER_SCAN_MS);
  return { scheduled, stop: () => clearInterval(timer) };
}
