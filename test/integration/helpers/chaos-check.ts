import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/driver.ts';
import { appPassword, canLogIn } from './live-env.ts';
import type { Ledger } from './chaos-writers.ts';

/**
 * Compares the writable copy, read as the application user, with the
 * writers' ledger: every committed row there once with its id and last
 * amount, every row of an unanswered COMMIT absent or with one of its
 * possible amounts, no row of a transaction that failed before its COMMIT,
 * no row the writers never wrote, and the trigger's audit row of each.
 * Returns the problems (empty when all holds) and how many rows were found.
 */
export async function checkWrites(ledger: Ledger, endpoint: Endpoint, appUser: string, db: string): Promise<{ found: number; problems: string[] }> {
  const c = await mysql.createConnection({ host: endpoint.host, port: endpoint.port, user: appUser, password: appPassword });
  try {
    const [rows] = await c.query<mysql.RowDataPacket[]>(`SELECT id, note, amount FROM ${db}.orders WHERE note LIKE 'chaos:%'`);
    const [[orphans]] = await c.query<mysql.RowDataPacket[]>(
      `SELECT COUNT(*) n FROM ${db}.orders o WHERE o.note LIKE 'chaos:%' AND NOT EXISTS (SELECT 1 FROM ${db}.audit a WHERE a.order_id = o.id)`) as unknown as [[mysql.RowDataPacket]];
    const byNote = new Map<string, { id: number; amount: number }[]>();
    for (const r of rows) {
      const note = String(r['note']);
      byNote.set(note, [...byNote.get(note) ?? [], { id: Number(r['id']), amount: Number(r['amount']) }]);
    }
    const problems: string[] = [];
    const say = (p: string) => { if (problems.length < 20) problems.push(p); };
    for (const [note, found] of byNote) if (found.length > 1) say(`${note} is there ${found.length} times`);
    for (const [note, want] of ledger.certain) {
      const got = byNote.get(note)?.[0];
      if (!got) say(`committed ${note} (id ${want.id}, amount ${want.amount}) is missing`);
      else if (got.id !== want.id || got.amount !== want.amount) say(`committed ${note}: id ${got.id} amount ${got.amount}, expected id ${want.id} amount ${want.amount}`);
    }
    for (const [note, maybe] of ledger.uncertain) {
      if (ledger.certain.has(note)) continue;
      const got = byNote.get(note)?.[0];
      if (!got && !maybe.mayBeAbsent) say(`${note} (inserted by a committed transaction) is missing`);
      if (got && !maybe.amounts.has(got.amount)) say(`${note}: amount ${got.amount}, expected one of ${[...maybe.amounts].join(', ')}`);
      if (got && maybe.id !== null && got.id !== maybe.id) say(`${note}: id ${got.id}, expected ${maybe.id}`);
    }
    for (const note of ledger.absent) if (byNote.has(note)) say(`${note} is there though its transaction failed before COMMIT`);
    for (const note of byNote.keys()) {
      if (!ledger.certain.has(note) && !ledger.uncertain.has(note) && !ledger.absent.has(note)) say(`${note} is there but was never written`);
    }
    if (Number(orphans['n']) > 0) say(`${String(orphans['n'])} chaos orders have no audit row (the trigger's write is lost)`);
    return { found: rows.length, problems };
  } finally {
    await c.end();
  }
}

/** Whether each server lets the application user in, checked at the same moment (a split brain shows as both). */
export async function writable(servers: Record<string, Endpoint>, appUser: string): Promise<string[]> {
  const open = await Promise.all(Object.entries(servers).map(async ([id, e]) => ((await canLogIn(e, appUser)) ? id : null)));
  return open.filter((id): id is string => id !== null);
}

/** The application user on a server: absent, or present with ACCOUNT LOCK (read as the server's admin). */
export async function appUserLockedOrAbsent(admin: Endpoint, appUser: string): Promise<boolean> {
  const c = await mysql.createConnection({ ...admin });
  try {
    const [[row]] = await c.query<mysql.RowDataPacket[]>("SELECT COUNT(*) n FROM mysql.user WHERE User = ? AND Host = '%'", [appUser]) as unknown as [[mysql.RowDataPacket]];
    if (Number(row['n']) === 0) return true;
    const [[create]] = await c.query<mysql.RowDataPacket[]>(`SHOW CREATE USER '${appUser}'@'%'`) as unknown as [[mysql.RowDataPacket]];
    return /\bACCOUNT LOCK\b/i.test(String(Object.values(create)[0]));
  } finally {
    await c.end();
  }
}
