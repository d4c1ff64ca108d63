import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../../drizzle/schema.ts';
import type { StateDb } from './db.ts';

export interface AuditEntry {
  readonly platform: string;
  readonly userId: string;
  readonly accountId: string | null;
  readonly action: string;
  readonly result: 'ok' | 'refused' | 'crashed';
  /** A refusal code or a correlation id; never a secret. */
  readonly detail: string | null;
}

export class AuditRepo {
  constructor(private readonly db: StateDb) {}

  async record(entry: AuditEntry, now: Date): Promise<void> {
    await this.db.insert(auditLog).values({ ...entry, at: now });
  }

  async forAccount(accountId: string, limit = 50): Promise<(typeof auditLog.$inferSelect)[]> {
    return this.db.select().from(auditLog).where(eq(auditLog.accountId, accountId)).orderBy(desc(auditLog.id)).limit(limit);
  }
}
