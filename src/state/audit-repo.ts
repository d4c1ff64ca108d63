import { and, desc, eq, like } from 'drizzle-orm';
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

  /** Whether the account's log holds an `ok` entry of `action` whose detail starts with `prefix` (an override naming its run). */
  async has(accountId: string, action: string, prefix: string): Promise<boolean> {
    const pattern = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
    const rows = await this.db.select({ id: auditLog.id }).from(auditLog)
      .where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, action), eq(auditLog.result, 'ok'), like(auditLog.detail, pattern))).limit(1);
    return rows.length > 0;
  }

  async forAccount(accountId: string, limit = 50): Promise<(typeof auditLog.$inferSelect)[]> {
    return this.db.select().from(auditLog).where(eq(auditLog.accountId, accountId)).orderBy(desc(auditLog.id)).limit(limit);
  }
}
