import type { Endpoint, WriteHold } from '../../driver.ts';
import { boundSetup, LOCK_BOUND, lockWithin, type LockBound } from '../copier/bounded-lock.ts';
import { cellText, openSession, type Session } from '../copier/connections.ts';
import { qualified } from '../copier/quote.ts';

/** Base tables, system-versioned tables and sequences: what a writer can change (views write through them). */
async function lockable(session: Session, databases: readonly string[]): Promise<string[]> {
  if (databases.length === 0) return [];
  const rows = await session.rows(`SELECT TABLE_SCHEMA d, TABLE_NAME n FROM information_schema.TABLES
    WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE') ORDER BY 1, 2`, [[...databases]]);
  return rows.map((r) => qualified(String(r['d']), String(r['n'])));
}

/**
 * Ends the lock session a worker that lost the lease left (`connection N`),
 * when it still runs as the bot's own user: connection ids are not reused
 * within a server process, and one that restarted has lost the lock anyway.
 */
async function endPreviousHolder(session: Session, holder: string): Promise<void> {
  const id = /^connection (\d+)$/.exec(holder)?.[1];
  if (!id) return;
  const [row] = await session.rows('SELECT USER u FROM information_schema.PROCESSLIST WHERE ID = ? AND USER = SUBSTRING_INDEX(CURRENT_USER(), \'@\', 1)', [id]);
  if (!row) return;
  await session.exec(`KILL CONNECTION ${id}`).catch(() => undefined);
}

class TableLock implements WriteHold {
  private released = false;

  constructor(private readonly session: Session, readonly tables: number, readonly attempts: number, readonly holder: string) {}

  async check(): Promise<void> {
    try {
      if (this.released) throw new Error('released');
      await this.session.rows('SELECT 1');
    } catch {
      throw new Error('the lock on the account\'s tables ended before the cutover (its session was lost): writes may have committed since the final copy');
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.exec('UNLOCK TABLES').catch(() => undefined);
    await this.session.close();
  }
}

/**
 * Stops every write to the tables of `databases`, whoever writes, with
 * FLUSH TABLES ... WITH READ LOCK held by a session of its own until
 * released. Unlike LOCK TABLES ... READ it also stops NEXTVAL on sequences;
 * like it, it lets every other session read and take READ locks (the sync
 * passes' snapshot), and it is granted only once no open transaction has
 * written to those tables, so nothing of theirs commits afterwards. It
 * waits a few seconds per try (LockBound); tables created later are not
 * covered. The session is idle until the cutover: its wait_timeout is a day.
 */
export async function holdWrites(
  endpoint: Endpoint, databases: readonly string[], options: { signal?: AbortSignal | undefined; bound?: LockBound; replacing?: string } = {},
): Promise<WriteHold> {
  const bound = options.bound ?? LOCK_BOUND;
  const session = await openSession(endpoint, 'source', [boundSetup(bound), 'SET SESSION wait_timeout = 86400'], options.signal);
  try {
    if (options.replacing) await endPreviousHolder(session, options.replacing);
    const holder = `connection ${cellText((await session.rows('SELECT CONNECTION_ID() c'))[0]?.['c']) ?? ''}`;
    const { attempts, tables } = await lockWithin(session, async () => {
      const names = await lockable(session, databases);
      // An account without tables has nothing to lock; SELECT 1 keeps one path.
      return { sql: names.length ? `FLUSH TABLES ${names.join(', ')} WITH READ LOCK` : 'SELECT 1', tables: names.length };
    }, bound, options.signal);
    return new TableLock(session, tables, attempts, holder);
  } catch (error) {
    session.destroy();
    throw error;
  }
}
