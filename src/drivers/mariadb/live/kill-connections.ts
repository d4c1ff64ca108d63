import type { DatabaseUser } from '../../driver.ts';
import type { Session } from '../copier/connections.ts';
import { clientOf, matchedAccount, type AccountRow } from './host-match.ts';

const key = (row: AccountRow): string => `${row.user}\u0000${row.host.toLowerCase()}`;

/**
 * Whether a connection (its PROCESSLIST user and host) belongs to one of the
 * frozen rows: the row it authenticated as is one of them. When no row of
 * that name matches any more (dropped since it logged in), it is ours only
 * if no other row of that name exists, so another tenant's user of the same
 * name is never ended.
 */
export function isFrozenConnection(rows: readonly AccountRow[], frozen: ReadonlySet<string>, user: string, host: string): boolean {
  const matched = matchedAccount(rows, user, clientOf(host));
  if (matched) return frozen.has(key(matched));
  return rows.filter((r) => r.user === user).every((r) => frozen.has(key(r)));
}

/**
 * Ends every connection that authenticated as one of `users` (user@host
 * rows, not user names: another account's row of the same name keeps its
 * connections) and waits until the server has none left (a killed thread
 * lingers while it rolls back), so no write of theirs can commit afterwards.
 * Run it once the rows are locked: no new connection of theirs can start.
 * Throws after `timeoutMs`.
 */
export async function killConnections(session: Session, users: readonly DatabaseUser[], timeoutMs = 30_000): Promise<number> {
  const names = [...new Set(users.map((u) => u.user))];
  if (names.length === 0) return 0;
  const marks = names.map(() => '?').join(',');
  // Roles have an empty host; anonymous rows ('') compete with named ones for a connection.
  const rows: AccountRow[] = (await session.rows(`SELECT User u, Host h FROM mysql.user WHERE Host <> '' AND (User IN (${marks}) OR User = '')`, names))
    .map((r) => ({ user: String(r['u']), host: String(r['h']) }));
  const frozen = new Set(users.map(key));
  const until = Date.now() + timeoutMs;
  let killed = 0;
  for (;;) {
    const connections = (await session.rows(
      `SELECT ID id, USER u, HOST h, COMMAND c FROM information_schema.PROCESSLIST WHERE USER IN (${marks}) AND ID <> CONNECTION_ID()`, names))
      .filter((row) => isFrozenConnection(rows, frozen, String(row['u']), String(row['h'] ?? '')));
    if (connections.length === 0) return killed;
    for (const row of connections) {
      if (String(row['c']) === 'Killed') continue;
      try {
        await session.exec(`KILL CONNECTION ${Number(row['id'])}`);
        killed++;
      } catch (error) {
        if ((error as { errno?: number }).errno !== 1094) throw error; // 1094: already gone
      }
    }
    if (Date.now() > until) throw new Error(`connections of ${users.map((u) => `${u.user}@${u.host}`).join(', ')} did not end within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
