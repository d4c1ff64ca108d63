import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/driver.ts';
import { appPassword } from './live-env.ts';

/** What the application knows of one row it wrote (`note` is its key: `chaos:<n>`). */
interface Known { id: number | null; amounts: Set<number>; mayBeAbsent: boolean }

/**
 * The application's own record of its writes, kept client-side. A transaction
 * whose COMMIT returned OK is certain; one that failed before its COMMIT was
 * rolled back by the server (its session ended) and must be nowhere; one whose
 * COMMIT got no answer (the freeze ended the session during it) may be either,
 * so its row may be absent or hold either value.
 */
export class Ledger {
  readonly certain = new Map<string, { id: number; amount: number }>();
  readonly uncertain = new Map<string, Known>();
  readonly absent = new Set<string>();
  /** Data problems the writers saw live: an UPDATE of a committed row that found nothing, a duplicate key. */
  readonly anomalies: string[] = [];
  readonly commitsOn = new Map<string, number>();
  readonly errors = new Map<string, number>();
  private next = 0;
  newNote(): string {
    return `chaos:${++this.next}`;
  }
}

export interface Writers { stop(): Promise<void>; commits(): number }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error's name for the figures: mysql2 names MariaDB's 4151 after MySQL's error of that number, so it is named here. */
function errorLabel(error: unknown): string {
  const { code, errno, message } = error as { code?: string; errno?: number; message?: string };
  if (errno === 4151) return 'ER_ACCOUNT_HAS_BEEN_LOCKED';
  return code ?? (message ?? String(error)).slice(0, 50);
}

/**
 * `count` writer loops as the account's application user: each transaction
 * inserts a row into `<db>.orders` (whose trigger writes `audit`) and updates
 * an earlier committed row to a new amount. Like an application that
 * reconnects, a writer whose session failed logs in wherever it can, trying
 * the servers in a random order, and keeps writing there.
 */
export function startWriters(ledger: Ledger, servers: Record<string, Endpoint>, appUser: string, db: string, count: number, rand: () => number): Writers {
  let stopped = false;
  let commits = 0;
  const count1 = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const connectAnywhere = async (): Promise<{ conn: mysql.Connection; server: string } | null> => {
    const names = Object.keys(servers).sort(() => rand() - 0.5);
    for (const server of names) {
      const e = servers[server]!;
      try {
        return { conn: await mysql.createConnection({ host: e.host, port: e.port, user: appUser, password: appPassword, connectTimeout: 3000 }), server };
      } catch (error) {
        count1(ledger.errors, `connect ${errorLabel(error)}`);
      }
    }
    return null;
  };
  const transaction = async (conn: mysql.Connection, server: string): Promise<void> => {
    const note = ledger.newNote();
    const amount = Math.floor(rand() * 90_000);
    const picks = [...ledger.certain.keys()];
    const target = picks.length > 0 && rand() < 0.7 ? picks[Math.floor(rand() * picks.length)]! : undefined;
    const before = target ? ledger.certain.get(target)! : undefined;
    const changed = before ? (before.amount + 1 + Math.floor(rand() * 1000)) % 90_000 : 0;
    let atCommit = false;
    let id: number | null = null;
    try {
      await conn.query('START TRANSACTION');
      const [ins] = await conn.query<mysql.ResultSetHeader>(`INSERT INTO ${db}.orders (amount, note) VALUES (?, ?)`, [amount, note]);
      id = ins.insertId;
      if (target && before) {
        const [upd] = await conn.query<mysql.ResultSetHeader>(`UPDATE ${db}.orders SET amount = ? WHERE id = ?`, [changed, before.id]);
        if (upd.affectedRows !== 1) ledger.anomalies.push(`UPDATE of committed ${target} (id ${before.id}) on ${server} matched ${upd.affectedRows} rows`);
      }
      atCommit = true;
      await conn.query('COMMIT');
    } catch (error) {
      const code = errorLabel(error);
      count1(ledger.errors, `${atCommit ? 'commit' : 'write'} ${code}`);
      if (code === 'ER_DUP_ENTRY') ledger.anomalies.push(`duplicate key inserting ${note} on ${server}: ${(error as Error).message}`);
      if (!atCommit) {
        ledger.absent.add(note);
      } else {
        ledger.uncertain.set(note, { id, amounts: new Set([amount]), mayBeAbsent: true });
        // The row holds what the last commit on it left (perhaps another writer's since `before` was read) or ours.
        if (target && before) {
          const now = ledger.certain.get(target);
          const prior = ledger.uncertain.get(target);
          ledger.certain.delete(target);
          ledger.uncertain.set(target, { id: before.id, amounts: new Set([...now ? [now.amount] : [], ...prior?.amounts ?? [], changed]), mayBeAbsent: false });
        }
      }
      throw error;
    }
    ledger.certain.set(note, { id: id ?? -1, amount });
    // Row locks order the commits on one row: this one is the last there, whatever was uncertain before.
    if (target && before) {
      ledger.certain.set(target, { id: before.id, amount: changed });
      ledger.uncertain.delete(target);
    }
    count1(ledger.commitsOn, server);
    commits++;
  };
  const loop = async (): Promise<void> => {
    let session: { conn: mysql.Connection; server: string } | null = null;
    while (!stopped) {
      session ??= await connectAnywhere();
      if (!session) {
        await sleep(100);
        continue;
      }
      try {
        await transaction(session.conn, session.server);
        await sleep(15 + rand() * 30);
      } catch {
        session.conn.destroy();
        session = null;
      }
    }
    if (session) await session.conn.end().catch(() => session?.conn.destroy());
  };
  const loops = Array.from({ length: count }, () => loop());
  return {
    commits: () => commits,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
