/**
 * Triggers and events are not parsed by SHOW CREATE: the server keeps their
 * text and parses it when the trigger fires or the event runs. To know
 * whether the new version takes them without firing anything, each is
 * created again, from its stored body and under its stored sql_mode and
 * character set, in a scratch database of the temporary server: triggers on
 * an empty table LIKE theirs (so NEW.col and OLD.col are resolved), events
 * DISABLEd with a schedule that never comes. The scratch database is
 * dropped at the end; the copy is never touched.
 */
import { randomBytes } from 'node:crypto';
import type { Endpoint } from '../../driver.ts';
import type { PostImportFailure } from '../../reports.ts';
import { errorMessage } from '../../../errors.ts';
import { redactSecrets } from '../../../domain/redact.ts';
import { cellText, openSession, type Row, type Session } from '../copier/connections.ts';
import { CopyJournal } from '../copier/failures.ts';
import { enterContext, type ProgramContext } from '../copier/program-context.ts';
import { qualified, quoteIdent } from '../copier/quote.ts';

/** The object a check is about. */
export interface Subject {
  readonly database: string;
  readonly object: string;
  readonly kind: PostImportFailure['kind'];
}

interface ServerError { errno?: unknown; sqlState?: unknown; sqlMessage?: unknown; message?: unknown }

/** A failure of `subject` from a server error (errno, SQLSTATE kept as details) or a message of ours; redacted. */
export function postImportFailure(subject: Subject, check: PostImportFailure['check'], error: unknown): PostImportFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ServerError;
  const message = typeof e.sqlMessage === 'string' ? e.sqlMessage : typeof e.message === 'string' ? e.message : errorMessage(error);
  return {
    ...subject, check, message: redactSecrets(message).slice(0, 500),
    details: { errno: typeof e.errno === 'number' ? e.errno : null, sqlState: typeof e.sqlState === 'string' ? e.sqlState : null },
  };
}

const str = (row: Row, column: string): string => cellText(row[column]) ?? '';
const contextOf = (row: Row): ProgramContext => ({
  sqlMode: cellText(row['mode']), timeZone: cellText(row['tz']) ?? null,
  characterSetClient: cellText(row['cs']), collationConnection: cellText(row['coll']), databaseCollation: null,
});

/** Creates `statement` under the object's context, then puts the session back; the error, if any, is returned. */
async function createUnder(session: Session, scratch: string, row: Row, statement: string, sqlMode: string): Promise<unknown> {
  let restore: (() => Promise<void>) | null = null;
  try {
    restore = await enterContext(session, scratch, '', contextOf(row), statement, { sqlMode, label: scratch }, new CopyJournal());
    await session.exec(statement);
    return null;
  } catch (error) {
    return error;
  } finally {
    await restore?.().catch(() => undefined);
  }
}

/** Compiles every trigger and event of `databases` on `target` in a scratch database; counts and failures. */
export async function compileInScratch(
  target: Endpoint, databases: readonly string[], options: { signal?: AbortSignal; onObject?: (subject: Subject) => void },
): Promise<{ triggers: number; events: number; failures: PostImportFailure[] }> {
  const failures: PostImportFailure[] = [];
  if (databases.length === 0) return { triggers: 0, events: 0, failures };
  const session = await openSession(target, 'target', [], options.signal);
  const scratch = `migrate_bot_check_${randomBytes(4).toString('hex')}`;
  try {
    const marks = databases.map(() => '?').join(',');
    const triggers = await session.rows(`SELECT TRIGGER_SCHEMA db, TRIGGER_NAME name, EVENT_OBJECT_TABLE tbl, ACTION_TIMING timing,
      EVENT_MANIPULATION ev, ACTION_STATEMENT body, SQL_MODE mode, CHARACTER_SET_CLIENT cs, COLLATION_CONNECTION coll
      FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (${marks}) ORDER BY 1, 3, ACTION_ORDER`, [...databases]);
    const events = await session.rows(`SELECT EVENT_SCHEMA db, EVENT_NAME name, EVENT_DEFINITION body, SQL_MODE mode, TIME_ZONE tz,
      CHARACTER_SET_CLIENT cs, COLLATION_CONNECTION coll FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (${marks}) ORDER BY 1, 2`, [...databases]);
    if (triggers.length + events.length === 0) return { triggers: 0, events: 0, failures };
    // Nothing of the scratch database belongs in a binary log; refused without the privilege, which changes nothing else.
    await session.exec('SET SESSION sql_log_bin = 0').catch(() => undefined);
    const sqlMode = cellText((await session.rows('SELECT @@SESSION.sql_mode m'))[0]?.['m']) ?? '';
    await session.exec(`CREATE DATABASE ${quoteIdent(scratch)}`);
    // One empty table per trigger table; a table it cannot copy fails its triggers with that error.
    const tables = new Map<string, { name: string; error: unknown }>();
    for (const [i, row] of triggers.entries()) {
      options.signal?.throwIfAborted();
      const subject: Subject = { database: str(row, 'db'), object: str(row, 'name'), kind: 'trigger' };
      const key = `${subject.database}\u0000${str(row, 'tbl')}`;
      let table = tables.get(key);
      if (!table) {
        const name = `t${tables.size}`;
        const error = await session.exec(`CREATE TABLE ${qualified(scratch, name)} LIKE ${qualified(subject.database, str(row, 'tbl'))}`).then(() => null, (e: unknown) => e);
        table = { name, error };
        tables.set(key, table);
      }
      const error = table.error ?? await createUnder(session, scratch, row,
        `CREATE TRIGGER ${qualified(scratch, `g${i}`)} ${str(row, 'timing')} ${str(row, 'ev')} ON ${qualified(scratch, table.name)} FOR EACH ROW ${str(row, 'body')}`, sqlMode);
      if (error) failures.push(postImportFailure(subject, 'compile', error));
      options.onObject?.(subject);
    }
    for (const [i, row] of events.entries()) {
      options.signal?.throwIfAborted();
      const subject: Subject = { database: str(row, 'db'), object: str(row, 'name'), kind: 'event' };
      const error = await createUnder(session, scratch, row,
        `CREATE EVENT ${qualified(scratch, `e${i}`)} ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 YEAR ON COMPLETION PRESERVE DISABLE DO ${str(row, 'body')}`, sqlMode);
      if (error) failures.push(postImportFailure(subject, 'compile', error));
      options.onObject?.(subject);
    }
    return { triggers: triggers.length, events: events.length, failures };
  } finally {
    await session.exec(`DROP DATABASE IF EXISTS ${quoteIdent(scratch)}`).catch(() => undefined);
    await session.close();
  }
}
