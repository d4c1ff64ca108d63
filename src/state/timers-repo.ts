import { and, eq, isNull } from 'drizzle-orm';
import { timers } from '../../drizzle/schema.ts';
import type { StateDb } from './db.ts';

export type TimerKind = 'rollback-reminder' | 'rollback-deadline' | 'temporary-expiry' | 'old-copy-removal' | 'approval-expiry';
export type Timer = Omit<typeof timers.$inferSelect, 'kind'> & { readonly kind: TimerKind };

/** Timers live here first; BullMQ delayed jobs are only their alarm clocks. */
export class TimersRepo {
  constructor(private readonly db: StateDb) {}

  /** Idempotent: the id names the timer (`rollback-deadline:<run id>`). */
  async upsert(timer: { id: string; kind: TimerKind; dueAt: Date; subjectId: string }, now: Date): Promise<void> {
    await this.db.insert(timers).values({ ...timer, createdAt: now }).onDuplicateKeyUpdate({ set: { dueAt: timer.dueAt, firedAt: null } });
  }

  async get(id: string): Promise<Timer | undefined> {
    const [row] = await this.db.select().from(timers).where(eq(timers.id, id));
    return row as Timer | undefined;
  }

  /** Marks the timer fired; false when another worker fired it first. */
  async markFired(id: string, now: Date): Promise<boolean> {
    const result = await this.db.update(timers).set({ firedAt: now }).where(and(eq(timers.id, id), isNull(timers.firedAt)));
    return result[0].affectedRows > 0;
  }

  async cancel(id: string, now: Date): Promise<void> {
    await this.markFired(id, now);
  }

  async pending(): Promise<Timer[]> {
    return (await this.db.select().from(timers).where(isNull(timers.firedAt))) as Timer[];
  }
}
