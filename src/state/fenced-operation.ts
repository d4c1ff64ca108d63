import { and, eq, inArray, sql } from 'drizzle-orm';
import { accountLocks, operations, operationSteps } from '../../drizzle/schema.ts';
import type { OperationStatus } from '../messages/model.ts';
import { isFinal, sourcesOf } from '../domain/operation-state.ts';
import type { StateDb } from './db.ts';
import { checkFence, type Fence } from './fence.ts';
import type { JournalState, Operation, OperationPatch, OperationRow } from './operation-types.ts';

/**
 * The writes a worker makes for the operation it holds, each one a
 * compare-and-set on its fencing token: a worker whose lease was taken over
 * gets LeaseLostError from the first write it tries, and nothing is written.
 */
export class FencedOperation {
  constructor(private readonly db: StateDb, readonly fence: Fence) {}

  /** Throws LeaseLostError when the lease was taken over (before a change of a server, which the state database cannot fence). */
  async check(): Promise<void> {
    await checkFence(this.db, this.fence);
  }

  /** The operation row, read only while the lease is still this worker's. */
  async reload(): Promise<Operation> {
    return this.db.transaction(async (tx) => {
      await checkFence(tx, this.fence);
      const [row] = await tx.select().from(operations).where(eq(operations.id, this.fence.operationId));
      if (!row) throw new Error(`operation ${this.fence.operationId} vanished`);
      return row as Operation;
    });
  }

  /** The operation's journal, read only while the lease is still this worker's. */
  async steps(): Promise<(typeof operationSteps.$inferSelect)[]> {
    return this.db.transaction(async (tx) => {
      await checkFence(tx, this.fence);
      return tx.select().from(operationSteps).where(eq(operationSteps.operationId, this.fence.operationId)).orderBy(operationSteps.id);
    });
  }

  async journal(step: string, state: JournalState, detail: unknown, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await checkFence(tx, this.fence);
      await tx.insert(operationSteps).values({ operationId: this.fence.operationId, step, state, detail: detail ?? null, at: now });
    });
  }

  async patch(patch: OperationPatch, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await checkFence(tx, this.fence);
      await tx.update(operations).set({ ...patch, updatedAt: now }).where(eq(operations.id, this.fence.operationId));
    });
  }

  /** As OperationsRepo.transition, fenced: false when the status did not allow it, LeaseLostError when the lease is gone. */
  async transition(to: OperationStatus, now: Date, patch: Partial<OperationRow> = {}, expected?: OperationStatus[]): Promise<boolean> {
    const from = expected ?? sourcesOf(to);
    const id = this.fence.operationId;
    return this.db.transaction(async (tx) => {
      await checkFence(tx, this.fence);
      const final = isFinal(to);
      const result = await tx.update(operations)
        .set({ ...patch, status: to, updatedAt: now, version: sql`${operations.version} + 1`, ...(final ? { finishedAt: now, leaseOwner: null, leaseUntil: null } : {}) })
        .where(and(eq(operations.id, id), inArray(operations.status, from)));
      if (result[0].affectedRows === 0) return false;
      if (final) await tx.delete(accountLocks).where(eq(accountLocks.operationId, id));
      return true;
    });
  }

  /** Renews the lease for `leaseMs` more; false when another worker claimed it since (the token moved on). */
  async renew(owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const result = await this.db.update(operations).set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) })
      .where(and(eq(operations.id, this.fence.operationId), eq(operations.leaseToken, this.fence.token)));
    return result[0].affectedRows > 0;
  }

  /** Lets another worker claim at once; only while the lease is still this one. */
  async release(): Promise<void> {
    await this.db.update(operations).set({ leaseOwner: null, leaseUntil: null })
      .where(and(eq(operations.id, this.fence.operationId), eq(operations.leaseToken, this.fence.token)));
  }
}
