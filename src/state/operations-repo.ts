import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { accountLocks, operations, operationSteps } from '../../drizzle/schema.ts';
import type { OperationKind, OperationStatus, Platform, Locale } from '../messages/model.ts';
import { isFinal, sourcesOf } from '../domain/operation-state.ts';
import type { StateDb } from './db.ts';
import type { JournalState, Operation, OperationPatch, OperationRow } from './operation-types.ts';

export type { JournalState, Operation, OperationPatch, OperationRow } from './operation-types.ts';

import type { Fence } from './fence.ts';
import { FencedOperation } from './fenced-operation.ts';

export interface NewOperation {
  readonly id: string;
  readonly kind: OperationKind;
  readonly accountId: string;
  readonly migrationId: string;
  readonly status: 'queued' | 'pending_approval';
  readonly requestedBy: string;
  readonly requestedByName: string | null;
  readonly platform: Platform;
  readonly channelId: string;
  readonly locale: Locale;
  readonly sourceServer: string | null;
  readonly targetServer: string | null;
  readonly relatedOperationId: string | null;
}

/** Who holds an account: returned when the lock is taken. */
export interface LockHolder {
  readonly operation: Operation;
}

/** Statuses a worker works on (a run past its cutover that needs attention is retried, not final). */
const resumableStatuses: OperationStatus[] = ['running', 'needs_attention'];

const asOperation = (row: OperationRow): Operation => row as Operation;

/** Operations and the per-account lock, always changed by compare-and-set. */
export class OperationsRepo {
  constructor(private readonly db: StateDb) {}

  /**
   * Creates the operation and takes its account's lock in one transaction.
   * Returns the holder instead when the account is busy; returns the existing
   * operation when this id was created before (a replayed press).
   */
  async create(op: NewOperation, now: Date): Promise<{ created: Operation } | { busy: Operation } | { existing: Operation }> {
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(operations).where(eq(operations.id, op.id));
      if (existing) return { existing: asOperation(existing) };
      const inserted = await tx.insert(accountLocks).ignore().values({ accountId: op.accountId, operationId: op.id, createdAt: now });
      if (inserted[0].affectedRows === 0) {
        const [lock] = await tx.select().from(accountLocks).where(eq(accountLocks.accountId, op.accountId)).for('update');
        const [holder] = lock ? await tx.select().from(operations).where(eq(operations.id, lock.operationId)) : [];
        if (holder) return { busy: asOperation(holder) };
        throw new Error(`account ${op.accountId} is locked by a missing operation`);
      }
      await tx.insert(operations).values({ ...op, createdAt: now, updatedAt: now });
      const [row] = await tx.select().from(operations).where(eq(operations.id, op.id));
      if (!row) throw new Error(`operation ${op.id} vanished after insert`);
      return { created: asOperation(row) };
    });
  }

  async get(id: string): Promise<Operation | undefined> {
    const [row] = await this.db.select().from(operations).where(eq(operations.id, id));
    return row ? asOperation(row) : undefined;
  }

  /**
   * Compare-and-set of the status: applies only from a status allowed by the
   * state machine (and, when given, only from `expected`). Final statuses
   * release the account lock in the same transaction. True when applied.
   */
  async transition(id: string, to: OperationStatus, now: Date, patch: Partial<OperationRow> = {}, expected?: OperationStatus[]): Promise<boolean> {
    const from = expected ?? sourcesOf(to);
    return this.db.transaction(async (tx) => {
      const final = isFinal(to);
      const result = await tx.update(operations)
        .set({ ...patch, status: to, updatedAt: now, version: sql`${operations.version} + 1`, ...(final ? { finishedAt: now, leaseOwner: null, leaseUntil: null } : {}) })
        .where(and(eq(operations.id, id), inArray(operations.status, from)));
      if (result[0].affectedRows === 0) return false;
      if (final) await tx.delete(accountLocks).where(and(eq(accountLocks.operationId, id)));
      return true;
    });
  }

  /**
   * Takes the worker lease when no other worker holds a live one (or the
   * same owner asks again), and returns its new fencing token: every claim
   * increments the token, so whatever held the operation before (a stalled
   * worker, an earlier attempt of this one) has its writes refused from now
   * on. Null when another worker's lease is live.
   */
  async claimLease(id: string, owner: string, now: Date, leaseMs: number): Promise<Fence | null> {
    return this.db.transaction(async (tx) => {
      const until = new Date(now.getTime() + leaseMs);
      const result = await tx.update(operations)
        .set({ leaseOwner: owner, leaseUntil: until, leaseToken: sql`${operations.leaseToken} + 1` })
        .where(and(eq(operations.id, id), sql`(${operations.leaseOwner} IS NULL OR ${operations.leaseOwner} = ${owner} OR ${operations.leaseUntil} < ${now})`));
      if (result[0].affectedRows === 0) return null;
      const [row] = await tx.select({ token: operations.leaseToken }).from(operations).where(eq(operations.id, id));
      return row ? { operationId: id, token: row.token } : null;
    });
  }

  /** The fenced writes of the worker holding `fence`. */
  fenced(fence: Fence): FencedOperation {
    return new FencedOperation(this.db, fence);
  }

  /** Running operations whose lease expired before `now` (their worker died or stalled): to be taken over. */
  async expiredLeases(now: Date): Promise<Operation[]> {
    const rows = await this.db.select().from(operations)
      .where(and(inArray(operations.status, resumableStatuses), sql`(${operations.leaseUntil} IS NULL OR ${operations.leaseUntil} < ${now})`));
    return rows.map(asOperation);
  }

  /** Changes fields that are not the status (progress, step, report) without touching the version. */
  async patch(id: string, patch: OperationPatch, now: Date): Promise<void> {
    await this.db.update(operations).set({ ...patch, updatedAt: now }).where(eq(operations.id, id));
  }

  async patchProgressIfQueued(id: string, progress: unknown, now: Date): Promise<void> {
    await this.db.update(operations).set({ progress, updatedAt: now }).where(and(eq(operations.id, id), eq(operations.status, 'queued')));
  }

  async requestCancel(id: string): Promise<void> {
    await this.db.update(operations).set({ cancelRequested: true }).where(eq(operations.id, id));
  }

  async journal(operationId: string, step: string, state: JournalState, detail: unknown, now: Date): Promise<void> {
    await this.db.insert(operationSteps).values({ operationId, step, state, detail: detail ?? null, at: now });
  }

  async steps(operationId: string): Promise<(typeof operationSteps.$inferSelect)[]> {
    return this.db.select().from(operationSteps).where(eq(operationSteps.operationId, operationId)).orderBy(operationSteps.id);
  }

  async latest(accountId: string, migrationId: string, kind: OperationKind): Promise<Operation | undefined> {
    const [row] = await this.db.select().from(operations)
      .where(and(eq(operations.accountId, accountId), eq(operations.migrationId, migrationId), eq(operations.kind, kind)))
      .orderBy(desc(operations.createdAt)).limit(1);
    return row ? asOperation(row) : undefined;
  }

  /** The latest test that reached a verdict (passed or failed). */
  async latestFinishedTest(accountId: string, migrationId: string): Promise<Operation | undefined> {
    const [row] = await this.db.select().from(operations)
      .where(and(eq(operations.accountId, accountId), eq(operations.migrationId, migrationId), eq(operations.kind, 'test'), inArray(operations.status, ['succeeded', 'failed'])))
      .orderBy(desc(operations.createdAt)).limit(1);
    return row ? asOperation(row) : undefined;
  }

  async recent(accountId: string, limit: number): Promise<Operation[]> {
    const rows = await this.db.select().from(operations).where(eq(operations.accountId, accountId)).orderBy(desc(operations.createdAt)).limit(limit);
    return rows.map(asOperation);
  }

  async active(): Promise<Operation[]> {
    const rows = await this.db.select().from(operations).where(inArray(operations.status, ['queued', ...resumableStatuses]));
    return rows.map(asOperation);
  }

  async holderOf(accountId: string): Promise<Operation | undefined> {
    const [lock] = await this.db.select().from(accountLocks).where(eq(accountLocks.accountId, accountId));
    return lock ? this.get(lock.operationId) : undefined;
  }

  /** Operations finished with a measured copy speed, newest first (for downtime estimates). */
  async recentReports(accountId: string, limit: number): Promise<Operation[]> {
    const rows = await this.db.select().from(operations)
      .where(and(eq(operations.accountId, accountId), eq(operations.status, 'succeeded')))
      .orderBy(desc(operations.finishedAt)).limit(limit);
    return rows.map(asOperation);
  }
}
