import { UserError } from '../../../errors.ts';
import type { Session } from './connections.ts';

/**
 * How long a lock of an account's tables may wait. While a multi-table
 * lock waits for one table, the tables it already holds stop every writer
 * of theirs: a short wait per try, with a pause between tries in which the
 * writers that queued go through, bounds what the application feels.
 */
export interface LockBound {
  /** lock_wait_timeout of each try. */
  readonly waitSeconds: number;
  readonly attempts: number;
  readonly pauseMs: number;
}

export const LOCK_BOUND: LockBound = { waitSeconds: 5, attempts: 3, pauseMs: 1000 };

const LOCK_WAIT_TIMEOUT = 1205;
// Not failures.ts's serverErrno: it reaches snapshot.ts through the copier's types, a cycle.
const errnoOf = (error: unknown): unknown => (error as { errno?: unknown } | null)?.errno;

/** The session settings a bounded lock needs: set when the session is opened. */
export const boundSetup = (bound: LockBound): string => `SET SESSION lock_wait_timeout = ${Math.max(1, Math.round(bound.waitSeconds))}`;

/**
 * Who holds a transaction open on the server, but `session` (the likely
 * reason a lock waits): 'user@host' with a count, without client ports.
 */
export async function transactionHolders(session: Session): Promise<string> {
  const rows = await session.rows(`SELECT p.USER u, SUBSTRING_INDEX(p.HOST, ':', 1) h, COUNT(*) n
    FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
    WHERE p.ID <> CONNECTION_ID() GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 10`).catch(() => []);
  return rows.map((r) => `${String(r['u'])}@${String(r['h'])}${Number(r['n']) > 1 ? ` (${Number(r['n'])})` : ''}`).join(', ') || '-';
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason as Error); }, { once: true });
});

/**
 * Runs `statement()` (a LOCK TABLES or FLUSH TABLES ... WITH READ LOCK on a
 * session opened with `boundSetup`) until it gets its locks, each try
 * waiting at most `bound.waitSeconds`. After `bound.attempts` tries it
 * fails with 'copier.tables-busy', naming the holders of open transactions.
 * `statement` is built again for each try (the list of tables may change).
 */
export async function lockWithin(
  session: Session, statement: () => Promise<{ sql: string; tables: number }>, bound: LockBound, signal?: AbortSignal,
): Promise<{ attempts: number; tables: number }> {
  let tables = 0;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const next = await statement();
    tables = next.tables;
    try {
      await session.exec(next.sql);
      return { attempts: attempt, tables };
    } catch (error) {
      // 1146: a table dropped since it was listed; the next try lists them again.
      if (errnoOf(error) !== LOCK_WAIT_TIMEOUT && errnoOf(error) !== 1146) throw error;
      if (attempt >= bound.attempts) {
        throw new UserError('copier.tables-busy', { tables, attempts: attempt, seconds: bound.waitSeconds, holders: await transactionHolders(session) });
      }
    }
    await sleep(bound.pauseMs, signal);
  }
}
