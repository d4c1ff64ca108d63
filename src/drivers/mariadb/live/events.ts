import type { EventRef } from '../../driver.ts';
import type { Session } from '../copier/connections.ts';
import { serverErrno } from '../copier/failures.ts';
import { qualified, quoteAccount } from '../copier/quote.ts';

/** The events of `databases` whose status is ENABLED (not DISABLED, nor DISABLED ON SLAVE). */
export async function enabledEvents(session: Session, databases: readonly string[]): Promise<EventRef[]> {
  if (databases.length === 0) return [];
  const rows = await session.rows(`SELECT EVENT_SCHEMA d, EVENT_NAME n FROM information_schema.EVENTS
    WHERE EVENT_SCHEMA IN (?) AND STATUS = 'ENABLED' ORDER BY 1, 2`, [[...databases]]);
  return rows.map((r) => ({ database: String(r['d']), name: String(r['n']) }));
}

/** 'user'@'host' of a DEFINER as information_schema prints it ('user@host', the host after the last @; a role has none). */
function definerClause(definer: string): string {
  const at = definer.lastIndexOf('@');
  return at < 0 ? quoteAccount(definer, '').replace(/@''$/, '') : quoteAccount(definer.slice(0, at), definer.slice(at + 1));
}

/**
 * ALTER EVENT ... ENABLE / DISABLE for each event that exists. The event's
 * DEFINER is named again (a plain ALTER EVENT makes the admin running it
 * the definer, seen on 10.11, and the event would run with the admin's
 * rights), and the ALTER runs under the client character set and
 * collation the event records (ALTER EVENT records the session's, seen on
 * 10.11 and 11.8; it keeps the event's sql_mode and time zone), so only
 * its status changes.
 */
export async function setEventsEnabled(session: Session, events: readonly EventRef[], enabled: boolean): Promise<number> {
  let changed = 0;
  for (const event of events) {
    const [row] = await session.rows(`SELECT DEFINER df, STATUS s, CHARACTER_SET_CLIENT cs, COLLATION_CONNECTION co
      FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? AND EVENT_NAME = ?`, [event.database, event.name]);
    if (!row || (String(row['s']) === 'ENABLED') === enabled) continue;
    // A name outside ASCII travels as utf8mb4 (mysql2 sends UTF-8): under another client character set it would not be found.
    const utf8 = /^utf8/.test(String(row['cs'])) || /^[\x20-\x7e]*$/.test(event.database + event.name);
    if (utf8) await session.exec('SET SESSION character_set_client = ?, collation_connection = ?', [String(row['cs']), String(row['co'])]);
    try {
      await session.exec(`ALTER DEFINER = ${definerClause(String(row['df']))} EVENT ${qualified(event.database, event.name)} ${enabled ? 'ENABLE' : 'DISABLE'}`);
      changed++;
    } catch (error) {
      if (serverErrno(error) !== 1539) throw error; // 1539: dropped meanwhile
    } finally {
      await session.exec('SET NAMES utf8mb4');
    }
  }
  return changed;
}
