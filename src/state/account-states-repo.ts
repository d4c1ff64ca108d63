import { and, eq, sql } from 'drizzle-orm';
import { accountStates } from '../../drizzle/schema.ts';
import type { StateDb } from './db.ts';
import { checkFence, type Fence } from './fence.ts';

export type AccountState = typeof accountStates.$inferSelect;

/** Where each account lives now; absent means "on its configured server". */
export class AccountStatesRepo {
  constructor(private readonly db: StateDb) {}

  async get(accountId: string): Promise<AccountState | undefined> {
    const [row] = await this.db.select().from(accountStates).where(eq(accountStates.accountId, accountId));
    return row;
  }

  async put(state: Omit<AccountState, 'updatedAt'>, now: Date): Promise<void> {
    const row = { ...state, updatedAt: now };
    await this.db.insert(accountStates).values(row).onDuplicateKeyUpdate({ set: row });
  }

  /**
   * Moves the account in one transaction, only while it is where the caller
   * expects it (`expectedServerId`, or no row when `expectedServerId` is its
   * configured server). Returns 'moved', 'already' when this very move is
   * recorded (a replay after a crash), or 'conflict'. With `fence` (a
   * worker's cutover), only while that worker still holds the operation's
   * lease: LeaseLostError otherwise, and nothing moves.
   */
  async move(accountId: string, expectedServerId: string, configuredServerId: string, next: Omit<AccountState, 'accountId' | 'updatedAt'>, now: Date, fence?: Fence): Promise<'moved' | 'already' | 'conflict'> {
    return this.db.transaction(async (tx) => {
      if (fence) await checkFence(tx, fence);
      const [row] = await tx.select().from(accountStates).where(eq(accountStates.accountId, accountId)).for('update');
      const current = row?.serverId ?? configuredServerId;
      if (row && row.serverId === next.serverId && row.runOperationId === next.runOperationId && row.previousServerId === next.previousServerId) return 'already';
      if (current !== expectedServerId) return 'conflict';
      const values = { ...next, accountId, updatedAt: now };
      await tx.insert(accountStates).values(values).onDuplicateKeyUpdate({ set: values });
      return 'moved';
    });
  }

  /** Closes the rollback window once; false when it was closed already. */
  async closeRollback(accountId: string, runOperationId: string, now: Date): Promise<boolean> {
    const result = await this.db.update(accountStates).set({ rollbackClosedAt: now, updatedAt: now })
      .where(and(eq(accountStates.accountId, accountId), eq(accountStates.runOperationId, runOperationId), sql`${accountStates.rollbackClosedAt} IS NULL`));
    return result[0].affectedRows > 0;
  }
}
