import type { DatabaseCatalog, ProgramObject } from './catalog.ts';
import type { Session } from './connections.ts';
import { serverErrno } from './failures.ts';
import type { CopyJournal } from './failures.ts';
import { applyDefinerMapping, missingDefinerError, type DefinerMap } from './definers.ts';
import { disabledEvent } from './event-status.ts';
import { contextOf, enterContext, type ProgramContext } from './program-context.ts';
import { qualified, quoteIdent, withoutNoBackslashEscapes } from './quote.ts';
import { createStatement } from './schema.ts';

/** How to read each kind's statement. */
const SHOW: Record<ProgramObject['kind'], { show: string; column: string }> = {
  view: { show: 'SHOW CREATE VIEW', column: 'Create View' },
  procedure: { show: 'SHOW CREATE PROCEDURE', column: 'Create Procedure' },
  function: { show: 'SHOW CREATE FUNCTION', column: 'Create Function' },
  trigger: { show: 'SHOW CREATE TRIGGER', column: 'SQL Original Statement' },
  event: { show: 'SHOW CREATE EVENT', column: 'Create Event' },
};

interface Prepared { object: ProgramObject; definer: string; statement: string; context: ProgramContext }

/** Errors meaning "the DEFINER account is missing or may not be named by us". */
const DEFINER_ERRNOS = new Set([1227, 1449]);

/**
 * Copies views, routines, triggers and events of a database, each under the
 * context it was created in (sql_mode, time zone, client character set and
 * collations: see program-context.ts), with its DEFINER mapped through
 * `definers`. Views are retried until a round makes no progress, so views
 * over views land in dependency order; whatever still fails is recorded. An
 * object whose DEFINER does not exist on the target is created as the
 * source has it, and recorded as a failure naming the object and the
 * account. Events are created DISABLED, whatever their status on the
 * source: no event fires on two servers (a run enables the ones that were
 * enabled, on the new server, at its unfreeze). Call after the data is loaded (triggers must not fire during the
 * load) and after the account's users are created.
 */
export async function copyPrograms(
  source: Session, target: Session, db: DatabaseCatalog, sessionSqlMode: string, journal: CopyJournal, definers: DefinerMap = {},
): Promise<void> {
  await source.exec(`USE ${quoteIdent(db.name)}`);
  await target.exec(`USE ${quoteIdent(db.name)}`);
  const prepared: Prepared[] = [];
  for (const object of [...db.routines, ...db.views, ...db.triggers, ...db.events]) {
    const { show, column } = SHOW[object.kind];
    const statement = `${show} ${qualified(db.name, object.name)}`;
    try {
      const rows = await source.rows(statement);
      const mapped = applyDefinerMapping(createStatement(rows, column), object.definer, definers);
      const created = object.kind === 'event' ? disabledEvent(mapped.statement) : mapped.statement;
      prepared.push({ object, definer: mapped.definer, statement: created, context: contextOf(rows[0]) });
    } catch (error) {
      journal.fail({ database: db.name, object: object.name, kind: object.kind, statement }, error);
    }
  }
  const mode = withoutNoBackslashEscapes(sessionSqlMode);
  let pending = prepared;
  while (pending.length) {
    const failed: { item: Prepared; error: unknown }[] = [];
    for (const item of pending) {
      const error = await createOne(target, db, item, mode, journal);
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
}

/** True when the account named by an information_schema DEFINER ('user@host') exists on the target. */
async function definerExists(target: Session, definer: string): Promise<boolean> {
  const at = definer.lastIndexOf('@');
  if (at < 0) return (await target.rows("SELECT 1 FROM mysql.global_priv WHERE User = ? AND Host = ''", [definer])).length > 0;
  return (await target.rows('SELECT 1 FROM mysql.global_priv WHERE User = ? AND Host = ?', [definer.slice(0, at), definer.slice(at + 1)])).length > 0;
}

/** Creates one object; returns the error instead of throwing so the caller decides to retry or record. */
async function createOne(target: Session, db: DatabaseCatalog, item: Prepared, sessionSqlMode: string, journal: CopyJournal): Promise<unknown> {
  const label = `${db.name}.${item.object.name} (${item.object.kind})`;
  let restore: (() => Promise<void>) | null = null;
  try {
    restore = await enterContext(target, db.name, db.collation, item.context, item.statement, { sqlMode: sessionSqlMode, label }, journal);
    const result = await target.exec(item.statement);
    const missing = result.warningStatus > 0
      ? (await target.rows('SHOW WARNINGS')).some((w) => Number(w['Code']) === 1449)
      : !(await definerExists(target, item.definer));
    if (missing) {
      journal.fail({ database: db.name, object: item.object.name, kind: item.object.kind, statement: item.statement },
        missingDefinerError(label, item.definer));
    }
    return null;
  } catch (error) {
    return error;
  } finally {
    await restore?.().catch(() => undefined);
  }
}
