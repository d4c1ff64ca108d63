import { and, eq } from 'drizzle-orm';
import { messageRefs } from '../../drizzle/schema.ts';
import type { StateDb } from './db.ts';

export type MessageRef = typeof messageRefs.$inferSelect;
export type MessagePurpose = 'progress' | 'credentials' | 'notification';

/** Messages posted about operations, so later steps (and the rollback deadline) can update them. */
export class MessageRefsRepo {
  constructor(private readonly db: StateDb) {}

  async add(ref: Omit<typeof messageRefs.$inferInsert, 'id' | 'createdAt'>, now: Date): Promise<void> {
    await this.db.insert(messageRefs).values({ ...ref, createdAt: now });
  }

  async forOperation(operationId: string, purpose?: MessagePurpose): Promise<MessageRef[]> {
    const where = purpose ? and(eq(messageRefs.operationId, operationId), eq(messageRefs.purpose, purpose)) : eq(messageRefs.operationId, operationId);
    return this.db.select().from(messageRefs).where(where).orderBy(messageRefs.id);
  }
}
