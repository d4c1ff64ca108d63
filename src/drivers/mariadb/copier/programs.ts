import type { DatabaseCatalog, ProgramObject } from './catalog.ts';
import type { Session } from './connections.ts';
import { serverErrno } from './failures.ts';
import type { CopyJournal } from './failures.ts';
import { qualified, quoteIdent, quoteString, withoutNoBackslashEscapes } from './quote.ts';
import { createStatement } from './schema.ts';

/** How to read each kind's statement and the sql_mode it was created with. */
const SHOW: Record<ProgramObject['kind'], { show: string; column: string }> = {
  view: { show: 'SHOW CREATE VIEW', column: 'Create View' },
  procedure: { show: 'SHOW CREATE PROCEDURE', column: 'Create Procedure' },
  function: { show: 'SHOW CREATE FUNCTION', column: 'Create Function' },
  trigger: { show: 'SHOW CREATE TRIGGER', column: 'SQL Original Statement' },
  event: { show: 'SHOW CREATE EVENT', column: 'Create Event' },
};

interface Prepared { object: ProgramObject; statement: string; sqlMode: string | null; timeZone: string | null }

/** Errors meaning "the DEFINER account is missing or may not be named by us". */
const DEFINER_ERRNOS = new Set([1227, 1449]);

/**
 * Copies views, routines, triggers and events of a database, each under the
 * sql_mode (and, for events, time zone) it was created with. Views are retried
 * until a round makes no progress, so views over views land in dependency
 * order; whatever still fails is recorded. A missing DEFINER account (error
 * or warning 1449) is reported per object. Call after the data is loaded:
 * triggers must not fire during the load.
 */
export async function copyPrograms(source: Session, target: Session, db: DatabaseCatalog, sessionSqlMode: string, journal: CopyJournal): Promise<void> {
  await source.exec(`USE ${quoteIdent(db.name)}`);
  await target.exec(`USE ${quoteIdent(db.name)}`);
  const prepared: Prepared[] = [];
  for (const object of [...db.routines, ...db.views, ...db.triggers, ...db.events]) {
    const { show, column } = SHOW[object.kind];
    const statement = `${show} ${qualified(db.name, object.name)}`;
    try {
      const rows = await source.rows(statement);
      const mode: unknown = rows[0]?.['sql_mode'];
      const zone: unknown = rows[0]?.['time_zone'];
      prepared.push({ object, statement: createStatement(rows, column),
        sqlMode: typeof mode === 'string' ? mode : null, timeZone: typeof zone === 'string' ? zone : null });
    } catch (error) {
      journal.fail({ database: db.name, object: object.name, kind: object.kind, statement }, error);
    }
  }
  let pending = prepared;
  while (pending.length) {
    const failed: { item: Prepared; error: unknown }[] = [];
    for (const item of pending) {
      const error = await createOne(target, db.name, item, sessionSqlMode, journal);
      if (error !== null) failed.push({ item, error });
    }
    // Only views can depend on objects created later in the same round.
    const retry = failed.filter((f) => f.item.object.kind === 'view' && !DEFINER_ERRNOS.has(serverErrno(f.error) ?? 0));
    const progress = failed.length < pending.length;
    const record = progress ? failed.filter((f) => !retry.includes(f)) : failed;
    for (const { item, error } of record) {
      journal.fail({ database: db.name, object: item.object.name, kind: item.object.kind, statement: item.statement }, error);
    }
    pending = progress ? retry.map((f) => f.item) : [];
  }
  await target.exec(`SET SESSION sql_mode = ${quoteString(withoutNoBackslashEscapes(sessionSqlMode))}`);
  await target.exec("SET time_zone = '+00:00'");
}

/** Creates one object; returns the error instead of throwing so the caller decides to retry or record. */
async function createOne(target: Session, database: string, item: Prepared, sessionSqlMode: string, journal: CopyJournal): Promise<unknown> {
  try {
    await target.exec(`SET SESSION sql_mode = ${quoteString(item.sqlMode ?? sessionSqlMode)}`);
    if (item.timeZone) await target.exec(`SET time_zone = ${quoteString(item.timeZone === 'SYSTEM' ? '+00:00' : item.timeZone)}`);
    const result = await target.exec(item.statement);
    if (result.warningStatus > 0) {
      for (const w of await target.rows('SHOW WARNINGS')) {
        if (Number(w['Code']) === 1449) {
          journal.warn(`${database}.${item.object.name} (${item.object.kind}): DEFINER ${item.object.definer} does not exist on the target; `
            + 'the object exists but fails when used until that account is created');
        }
      }
    }
    return null;
  } catch (error) {
    return error;
  } finally {
    await target.exec("SET time_zone = '+00:00'").catch(() => undefined);
  }
}
