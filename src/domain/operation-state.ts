import type { OperationStatus } from '../messages/model.ts';

/**
 * The operation state machine. Every change goes through the state database
 * as a compare-and-set from one of `from` to `to`, so double clicks, replays
 * and racing workers cannot apply a transition twice.
 */
const transitions: Record<OperationStatus, readonly OperationStatus[]> = {
  pending_approval: ['queued', 'cancelled'],
  queued: ['running', 'cancelled'],
  // running -> queued: a worker died and the reconciler hands the operation back.
  // running -> needs_attention: past the cutover, the unfreeze or the timers keep failing; retried until they succeed.
  running: ['succeeded', 'failed', 'cancelled', 'queued', 'needs_attention'],
  needs_attention: ['running', 'succeeded'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export const finalStatuses: readonly OperationStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isFinal(status: OperationStatus): boolean {
  return finalStatuses.includes(status);
}

export function canTransition(from: OperationStatus, to: OperationStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses from which `to` may be reached: the WHERE clause of the compare-and-set. */
export function sourcesOf(to: OperationStatus): OperationStatus[] {
  return (Object.keys(transitions) as OperationStatus[]).filter((from) => transitions[from].includes(to));
}
