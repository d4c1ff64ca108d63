import { and, eq, sql } from 'drizzle-orm';
import { accountStates } from '../../drizzle/schema.ts';
import type { StateDb } from './db.ts';

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

  /** Closes the rollback window once; false when it was closed already. */
  async closeRollback(accountId: string, runOperationId: string, now: Date): Promise<boolean> {
    const result = await this.db.update(accountStates).set({ rollbackClosedAt: now, updatedAt: now })
      .where(and(eq(accountStates.accountId, accountId), eq(accountStates.runOperationId, runOperationId), sql`${accountStates.rollbackClosedAt} IS NULL`));
    return result[0].affectedRows > 0;
  }
}
