import { and, eq, isNull } from 'drizzle-orm';
import { actions } from '../../drizzle/schema.ts';
import type { StateDb } from './db.ts';

export type ActionRow = typeof actions.$inferSelect;
export type NewAction = Omit<typeof actions.$inferInsert, 'usedAt' | 'usedBy'>;

/** Button ids and confirmations (see drizzle/schema.ts `actions`). */
export class ActionsRepo {
  constructor(private readonly db: StateDb) {}

  async create(rows: NewAction[]): Promise<void> {
    if (rows.length > 0) await this.db.insert(actions).values(rows);
  }

  /** Inserts rows whose ids may exist already (deterministic ids); existing rows are kept. */
  async ensure(rows: NewAction[]): Promise<void> {
    if (rows.length > 0) await this.db.insert(actions).ignore().values(rows);
  }

  async get(id: string): Promise<ActionRow | undefined> {
    const [row] = await this.db.select().from(actions).where(eq(actions.id, id));
    return row;
  }

  /**
   * Uses every action of a group at once (Confirm and its Cancel), only if
   * none was used before: the compare-and-set that makes a confirmation
   * single-use under 20 concurrent presses. True for the one press that wins.
   */
  async consumeGroup(groupId: string, by: string, now: Date): Promise<boolean> {
    const result = await this.db.update(actions).set({ usedAt: now, usedBy: by })
      .where(and(eq(actions.groupId, groupId), isNull(actions.usedAt)));
    return result[0].affectedRows > 0;
  }

  /** Gives a consumed group back, when the press that consumed it was refused afterwards. */
  async releaseGroup(groupId: string): Promise<void> {
    await this.db.update(actions).set({ usedAt: null, usedBy: null }).where(eq(actions.groupId, groupId));
  }
}
