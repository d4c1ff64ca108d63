import { and, eq, isNull } from 'drizzle-orm';
import { temporaryServers } from '../../drizzle/schema.ts';
import type { StateDb } from './db.ts';

export type TemporaryServerRow = typeof temporaryServers.$inferSelect;

export class TemporaryServersRepo {
  constructor(private readonly db: StateDb) {}

  async add(row: typeof temporaryServers.$inferInsert): Promise<void> {
    await this.db.insert(temporaryServers).values(row);
  }

  async get(id: string): Promise<TemporaryServerRow | undefined> {
    const [row] = await this.db.select().from(temporaryServers).where(eq(temporaryServers.id, id));
    return row;
  }

  async forOperation(operationId: string): Promise<TemporaryServerRow | undefined> {
    const [row] = await this.db.select().from(temporaryServers).where(eq(temporaryServers.operationId, operationId));
    return row;
  }

  async liveForAccount(accountId: string): Promise<TemporaryServerRow[]> {
    return this.db.select().from(temporaryServers).where(and(eq(temporaryServers.accountId, accountId), isNull(temporaryServers.destroyedAt)));
  }

  async live(): Promise<TemporaryServerRow[]> {
    return this.db.select().from(temporaryServers).where(isNull(temporaryServers.destroyedAt));
  }

  async markDestroyed(id: string, now: Date): Promise<void> {
    await this.db.update(temporaryServers).set({ destroyedAt: now }).where(eq(temporaryServers.id, id));
  }
}
