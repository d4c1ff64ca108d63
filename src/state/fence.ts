import { eq } from 'drizzle-orm';
import { operations } from '../../drizzle/schema.ts';
import { LeaseLostError } from '../errors.ts';
import type { StateDb } from './db.ts';

/**
 * A worker's hold on one operation: the fencing token its claim of the
 * lease returned. Every write the worker makes for the operation is a
 * compare-and-set on (operation id, token); a later claim by another
 * worker increments the token, so the earlier holder's writes are refused.
 */
export interface Fence {
  readonly operationId: string;
  readonly token: number;
}

type Transaction = Parameters<Parameters<StateDb['transaction']>[0]>[0];

/**
 * Locks the operation row inside `tx` and throws LeaseLostError unless its
 * token is still the fence's. Holding the row lock until the transaction
 * commits keeps a concurrent claim (an UPDATE of the same row) from slipping
 * between the check and the write.
 */
export async function checkFence(tx: Transaction | StateDb, fence: Fence): Promise<void> {
  const [row] = await tx.select({ token: operations.leaseToken }).from(operations).where(eq(operations.id, fence.operationId)).for('update');
  if (!row || row.token !== fence.token) throw new LeaseLostError(fence.operationId, fence.token);
}
