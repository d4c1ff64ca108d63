import type { Core } from '../core.ts';
import { LeaseLostError } from '../errors.ts';
import type { FencedOperation } from '../state/fenced-operation.ts';

/**
 * A worker's lease on an operation lasts this long unless renewed. Short,
 * so a killed worker's operation is taken over within seconds (see
 * jobs/takeover.ts); renewed every HEARTBEAT_MS, so a slow step keeps it.
 */
export const LEASE_MS = 8_000;
export const HEARTBEAT_MS = 2_000;

/** The heartbeat of a held lease: stop it when the operation's work ends. */
export interface LeaseKeeper {
  /** True once the lease was taken over or could not be renewed in time; the signal was aborted with LeaseLostError. */
  readonly lost: () => boolean;
  stop(): void;
}

/**
 * Renews the lease every HEARTBEAT_MS. A renewal refused (another worker
 * claimed, the token moved on) aborts the work at once; so does a lease
 * that could not be renewed before it expires (the state database
 * unreachable): from then on another worker may hold it. A renewal after a
 * pause (GC, SIGSTOP) is a compare-and-set on the token like any write, so
 * it succeeds only if nobody claimed meanwhile.
 */
export function keepLease(core: Core, writes: FencedOperation, workerId: string, abort: AbortController): LeaseKeeper {
  let lost = false;
  let renewedAt = Date.now();
  const lose = () => {
    if (lost) return;
    lost = true;
    const { operationId, token } = writes.fence;
    core.logger.warn({ operationId, token, workerId }, 'lease lost; stopping this operation');
    if (!abort.signal.aborted) abort.abort(new LeaseLostError(operationId, token));
  };
  const beat = async () => {
    const startedAt = Date.now();
    const renewed = await writes.renew(workerId, core.clock.now(), LEASE_MS);
    if (!renewed) return lose();
    renewedAt = startedAt;
  };
  const timer = setInterval(() => {
    if (lost) return;
    beat().catch((error: unknown) => {
      core.logger.warn({ err: error, operationId: writes.fence.operationId }, 'lease renewal failed');
      if (Date.now() - renewedAt > LEASE_MS - HEARTBEAT_MS) lose();
    });
  }, HEARTBEAT_MS);
  return { lost: () => lost, stop: () => clearInterval(timer) };
}
