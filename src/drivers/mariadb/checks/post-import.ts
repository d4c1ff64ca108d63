/**
 * Post-import checks of a test import: the account's copy on a server of the
 * new version, looked at the way the application will use it. A copy whose
 * every CREATE succeeded can still fail there: a table the engine cannot
 * open, a view over an object that is gone or whose DEFINER is missing, a
 * routine whose stored text no longer parses (a plugin's variable, a word
 * the new parser reads differently). This reads only: CHECK TABLE ... FOR
 * UPGRADE, SELECT ... LIMIT 0 (no row is read, no function of the view
 * runs) and SHOW CREATE of routines, which makes the server parse them.
 * Triggers and events are compiled in a scratch database (post-import-scratch.ts).
 */
import type { PostImportRequest } from '../../driver.ts';
import type { PostImportFailure, PostImportReport } from '../../reports.ts';
import { isMerge, readCatalog, type TableInfo } from '../copier/catalog.ts';
import { cellText, openSession, type Session } from '../copier/connections.ts';
import { qualified } from '../copier/quote.ts';
import { compileInScratch, postImportFailure, type Subject } from './post-import-scratch.ts';

/** ER_VIEW_INVALID: says a view is broken, not why; CHECK TABLE on the view names the cause. */
const VIEW_INVALID = 1356;
/** What a table check answers when all is well. */
const TABLE_OK = new Set(['OK', 'Table is already up to date']);

/** The error lines of a CHECK TABLE result (the trailing generic 'Corrupt' kept: it says the table is unusable). */
function checkErrors(rows: readonly Record<string, unknown>[]): string[] {
  const errors = rows.filter((r) => cellText(r['Msg_type'])?.toLowerCase() === 'error').map((r) => cellText(r['Msg_text']) ?? '');
  const status = rows.findLast((r) => cellText(r['Msg_type'])?.toLowerCase() === 'status');
  const statusText = status ? cellText(status['Msg_text']) ?? '' : '';
  if (status && !TABLE_OK.has(statusText)) errors.push(statusText);
  return errors;
}

/** A MERGE table holds no rows of its own (its MyISAM tables are checked), and CHECK TABLE of it fails in a read-only transaction. */
const notMerge = (table: TableInfo): boolean => !isMerge(table);

async function checkTable(session: Session, subject: Subject): Promise<PostImportFailure | null> {
  try {
    const errors = checkErrors(await session.rows(`CHECK TABLE ${qualified(subject.database, subject.object)} FOR UPGRADE`));
    return errors.length === 0 ? null : postImportFailure(subject, 'integrity', { message: errors.join('; ') });
  } catch (error) {
    return postImportFailure(subject, 'integrity', error);
  }
}

async function readView(session: Session, subject: Subject): Promise<PostImportFailure | null> {
  const name = qualified(subject.database, subject.object);
  try {
    await session.rows(`SELECT * FROM ${name} LIMIT 0`);
    return null;
  } catch (error) {
    const failure = postImportFailure(subject, 'read', error);
    if (failure.details['errno'] !== VIEW_INVALID) return failure;
    const causes = await session.rows(`CHECK TABLE ${name}`).then(checkErrors, () => []);
    const named = causes.filter((c) => c !== 'Corrupt' && !c.startsWith(`View '${subject.database}.${subject.object}'`));
    return named.length === 0 ? failure : { ...failure, message: `${failure.message} (${named.join('; ')})`.slice(0, 500) };
  }
}

async function parseRoutine(session: Session, subject: Subject): Promise<PostImportFailure | null> {
  try {
    await session.rows(`SHOW CREATE ${subject.kind === 'function' ? 'FUNCTION' : 'PROCEDURE'} ${qualified(subject.database, subject.object)}`);
    return null;
  } catch (error) {
    return postImportFailure(subject, 'compile', error);
  }
}

/** Runs every check; each failure is one object's, and none stops the others. */
export async function postImportChecks(request: PostImportRequest): Promise<PostImportReport> {
  const started = Date.now();
  const { signal } = request;
  const failures: PostImportFailure[] = [];
  const reader = await openSession(request.target, 'target', ['SET SESSION TRANSACTION READ ONLY'], signal);
  let done = 0;
  let total = 0;
  const tick = (subject: Subject): void => request.onObject?.(++done, total, `${subject.database}.${subject.object}`);
  const checked = { tables: 0, views: 0, routines: 0, triggers: 0, events: 0 };
  try {
    const catalogs = await readCatalog(reader, request.databases);
    total = catalogs.reduce((n, db) => n + db.tables.filter(notMerge).length + db.views.length + db.routines.length + db.triggers.length + db.events.length, 0);
    const steps: { subject: Subject; run: (s: Session, subject: Subject) => Promise<PostImportFailure | null>; count: keyof typeof checked }[] = [];
    for (const db of catalogs) {
      for (const t of db.tables.filter(notMerge)) steps.push({ subject: { database: db.name, object: t.name, kind: 'table' }, run: checkTable, count: 'tables' });
      for (const v of db.views) steps.push({ subject: { database: db.name, object: v.name, kind: 'view' }, run: readView, count: 'views' });
      for (const r of db.routines) {
        steps.push({ subject: { database: db.name, object: r.name, kind: r.kind === 'function' ? 'function' : 'procedure' }, run: parseRoutine, count: 'routines' });
      }
    }
    for (const step of steps) {
      signal?.throwIfAborted();
      const failure = await step.run(reader, step.subject);
      if (failure) failures.push(failure);
      checked[step.count] += 1;
      tick(step.subject);
    }
  } finally {
    await reader.close();
  }
  const compiled = await compileInScratch(request.target, request.databases, { ...(signal ? { signal } : {}), onObject: tick });
  return {
    checked: { ...checked, triggers: compiled.triggers, events: compiled.events },
    failures: [...failures, ...compiled.failures],
    durationMs: Date.now() - started,
  };
}
