import type { Endpoint } from '../../driver.ts';
import type { TableInfo } from './catalog.ts';
import { openSession, type Session } from './connections.ts';
import { qualified } from './quote.ts';
import { boundSetup, LOCK_BOUND, lockWithin, type LockBound } from './bounded-lock.ts';

/** Settings of a source session that reads data: raw bytes out, long pauses allowed (backpressure). */
export const SOURCE_DATA_SETUP = [
  'SET character_set_results = binary',
  'SET SESSION net_write_timeout = 3600',
  'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ',
];

/**
 * N source sessions whose transactions all see the same point in time.
 * Valid until `release`; every read of the copy and of the source side of
 * verification goes through `sessions`.
 */
export interface SourceSnapshot {
  readonly sessions: readonly Session[];
  /** When the snapshot was taken (ISO 8601). */
  readonly takenAt: string;
  /** Ends the transactions and closes the sessions; idempotent. */
  release(): Promise<void>;
}

/**
 * Takes a consistent snapshot across `count` sessions: one session
 * read-locks the account's base tables so no write lands between the
 * sessions' START TRANSACTION WITH CONSISTENT SNAPSHOT, then unlocks at once
 * (writers wait only for the few milliseconds this takes). InnoDB tables are
 * covered by the snapshot; MyISAM/Aria tables only by the lock window.
 * The lock waits a few seconds at most per try (see LockBound): while it
 * waits for one table (a transaction that wrote to it), the tables it
 * already holds stop their writers. 'writes-held': the caller holds a lock
 * stopping every write to these tables (a frozen pass), so the sessions
 * agree without one; a READ lock of a MERGE table would even wait for it
 * (on its children), through every try.
 */
export async function takeSnapshot(
  endpoint: Endpoint, tables: readonly TableInfo[], count: number, signal?: AbortSignal, bound: LockBound | 'writes-held' = LOCK_BOUND,
): Promise<SourceSnapshot> {
  const opened: Session[] = [];
  const closeAll = async (): Promise<void> => { await Promise.all(opened.map((s) => s.close())); };
  try {
    const lockable = bound === 'writes-held' ? [] : tables.filter((t) => t.tableType !== 'SEQUENCE');
    const locker = lockable.length && bound !== 'writes-held' ? await openSession(endpoint, 'source', [boundSetup(bound)], signal) : null;
    if (locker) opened.push(locker);
    const sessions = await Promise.all(Array.from({ length: count },
      () => openSession(endpoint, 'source', SOURCE_DATA_SETUP, signal)));
    opened.push(...sessions);
    const sql = `LOCK TABLES ${lockable.map((t) => `${qualified(t.database, t.name)} READ`).join(', ')}`;
    if (locker && bound !== 'writes-held') await lockWithin(locker, () => Promise.resolve({ sql, tables: lockable.length }), bound, signal);
    await Promise.all(sessions.map((s) => s.exec('START TRANSACTION WITH CONSISTENT SNAPSHOT')));
    const takenAt = new Date().toISOString();
    if (locker) {
      await locker.exec('UNLOCK TABLES');
      await locker.close();
    }
    let released = false;
    return {
      sessions,
      takenAt,
      async release() {
        if (released) return;
        released = true;
        await Promise.all(sessions.map(async (s) => {
          await s.exec('COMMIT').catch(() => undefined);
          await s.close();
        }));
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
