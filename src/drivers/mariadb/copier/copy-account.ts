import { setMaxListeners } from 'node:events';
import { UserError } from '../../../errors.ts';
import { describeEndpoint } from '../../driver.ts';
import { holdsOwnRows, readCatalog, type DatabaseCatalog, type TableInfo } from './catalog.ts';
import { zeroDateWarnings } from './compat.ts';
import { openSession, type Session } from './connections.ts';
import { copyTables, type EarlyVerifications, type StreamedChecksums, type TableChecksums, type WorkerPair } from './copy-tables.ts';
import { planTasks } from './task-scheduler.ts';
import { verifyTables } from './verify-copy.ts';
import { CopyJournal } from './failures.ts';
import { copyPrograms } from './programs.ts';
import { ProgressMeter } from './progress.ts';
import { withoutNoBackslashEscapes } from './quote.ts';
import { checkTargetDatabases, createDatabase, createSequences, createTables } from './schema.ts';
import { buildTableKeys, type DeferredKeys } from './deferred-keys.ts';
import { takeSnapshot, type SourceSnapshot } from './snapshot.ts';
import { readTimestampMax, withTargetHistoryEnd } from './history.ts';
import type { CompatibilityWarning, CopyReport, CopyRequest, DatabaseReport } from './types.ts';
import { applyGrants, createUsers } from './users.ts';
import { sourceWarnings, targetSetup } from './copy-setup.ts';
import { refuseLiveTarget } from '../live/server-identity.ts';

/**
 * Copies the account's databases (every object, data from one consistent
 * snapshot, in parallel) and users from `request.source` to
 * `request.target`, verifies row counts and checksums, and reports.
 * Object failures never stop the copy: they are recorded in the report
 * (`ok` false). Throws a UserError when a server is unreachable, a source
 * database is missing, the target is the source or one of `live`, a target
 * database exists without `replaceExisting` (or, with it, without the bot's mark),
 * or the target refuses LOAD DATA LOCAL; rejects with the signal's reason
 * when aborted (all connections closed).
 */
export async function copyAccount(request: CopyRequest): Promise<CopyReport> {
  const started = Date.now();
  const parallelism = Math.max(1, Math.min(32, Math.floor(request.parallelism ?? 4)));
  // One listener on the caller's signal; every session of this copy listens on a child signal, removed in `finally`.
  const scope = new AbortController();
  setMaxListeners(4 * parallelism + 16, scope.signal);
  const abortScope = (): void => scope.abort(request.signal?.reason);
  if (request.signal?.aborted) abortScope();
  else request.signal?.addEventListener('abort', abortScope, { once: true });
  const { signal } = scope;
  const journal = new CopyJournal();
  const opened: Session[] = [];
  let snapshot: SourceSnapshot | null = null;
  const open = async (side: 'source' | 'target', setup: readonly string[] = []): Promise<Session> => {
    const session = await openSession(side === 'source' ? request.source : request.target, side, setup, signal);
    opened.push(session);
    return session;
  };
  try {
    const control = await open('source');
    const sourceMode = withoutNoBackslashEscapes(String((await control.rows('SELECT @@GLOBAL.sql_mode m'))[0]?.['m'] ?? ''));
    const sourceCatalogs = await readCatalog(control, request.databases);
    const missing = request.databases.find((name) => !sourceCatalogs.some((c) => c.name === name));
    if (missing !== undefined) throw new UserError('copier.source-database-missing', { database: missing });
    const targetControl = await open('target', targetSetup(sourceMode, false));
    // Before anything is written: a target that is the source (or holds the account's live data) would lose it.
    await refuseLiveTarget(targetControl, request.target, [request.source, ...request.live ?? []]);
    const [facts] = await targetControl.rows('SELECT @@GLOBAL.local_infile li, @@GLOBAL.sql_mode m');
    if (Number(facts?.['li']) !== 1) throw new UserError('copier.target-local-infile-disabled', { address: describeEndpoint(request.target) });
    const targetMode = request.compatibilitySqlMode ?? String(facts?.['m'] ?? '');
    await checkTargetDatabases(targetControl, request.databases, request.replaceExisting ?? false, describeEndpoint(request.target));
    const catalogs = withTargetHistoryEnd(sourceCatalogs, await readTimestampMax(targetControl));
    for (const w of sourceWarnings(catalogs)) journal.warn(w);

    const allTables = catalogs.flatMap((c) => c.tables);
    const progress = new ProgressMeter(allTables.reduce((n, t) => n + t.dataBytes, 0), request.onProgress);
    const timing = new Map<string, { start: number; end: number }>();
    const touch = (db: string): void => {
      const t = timing.get(db);
      if (t) t.end = Date.now(); else timing.set(db, { start: Date.now(), end: Date.now() });
    };
    const targets = await Promise.all(Array.from({ length: parallelism }, () => open('target', targetSetup(sourceMode, true))));

    progress.enter('schema');
    const created: TableInfo[] = [];
    const deferred: DeferredKeys = new Map();
    const createdDatabases: DatabaseCatalog[] = [];
    for (const db of catalogs) {
      if (await createDatabase(targetControl, db, request.replaceExisting ?? false, journal)) createdDatabases.push(db);
    }
    // Every sequence before any table: a DEFAULT may call NEXTVAL of a sequence in another database.
    for (const db of createdDatabases) created.push(...await createSequences(control, targetControl, db, journal));
    for (const db of createdDatabases) {
      touch(db.name);
      progress.enter('schema', db.name);
      const tables = db.tables.filter((t) => t.tableType !== 'SEQUENCE');
      created.push(...await createTables(control, targets, { ...db, tables }, journal, deferred));
      touch(db.name);
    }

    snapshot = await takeSnapshot(request.source, allTables, parallelism, signal);
    const workers: WorkerPair[] = snapshot.sessions.map((source, i) => ({ source, target: targets[i] as Session }));
    progress.enter('data');
    const dataTables = created.filter(holdsOwnRows);
    const tasks = await planTasks(workers[0]?.source as Session, dataTables);
    const verifyMode = request.verify ?? 'checksums';
    const streamed: StreamedChecksums = new Map();
    // Ranges whose source checksum was summed while streaming are verified on the target right after their load.
    const verified: EarlyVerifications = new Map();
    // InnoDB tables are checked whole with CHECKSUM TABLE once loaded. The others are outside the snapshot
    // (MyISAM, Aria): their source side is summed from the rows as streamed, so a write after the copy
    // cannot show as a mismatch, and their target side is read range by range.
    const tableChecksums: TableChecksums = new Map();
    const outcomes = await copyTables(workers, tasks, journal, {
      onChunk: (table, rows, bytes) => {
        touch(table.database);
        progress.add(table.database, table.name, rows, bytes);
      },
      signal,
      ...(verifyMode === 'checksums' ? { streamed, verified, tableChecksums } : {}),
      // Secondary keys left out of the load are built from sorted rows as soon as a table is in, while others load.
      onTableLoaded: (table, target) => buildTableKeys(target, table, deferred, journal, signal),
    });
    progress.enter('verify');
    const copiedOk = new Set(outcomes.filter((o) => !o.failed).map((o) => o.table));
    const verification = verifyMode === 'none' ? []
      : await verifyTables(workers, tasks.filter((t) => copiedOk.has(t.table)), verifyMode, journal, { signal, streamed, verified, tableChecksums });
    if (request.keepSnapshotFor) await request.keepSnapshotFor(snapshot);
    await snapshot.release();

    progress.enter('users');
    const users = await createUsers(control, targetControl, request.users, request.replaceExisting ?? false, journal);
    await applyGrants(targetControl, users, journal, false);
    progress.enter('routines');
    for (const db of catalogs) {
      touch(db.name);
      progress.enter('routines', db.name);
      await copyPrograms(control, targetControl, db, sourceMode, journal, request.definers);
      touch(db.name);
    }
    progress.enter('users');
    await applyGrants(targetControl, users, journal, true);

    const compatibilityWarnings: CompatibilityWarning[] = outcomes.flatMap((o) => zeroDateWarnings(o.table, o.zeroDates, targetMode));
    const databases: DatabaseReport[] = catalogs.map((db: DatabaseCatalog) => {
      const mine = outcomes.filter((o) => o.table.database === db.name);
      const t = timing.get(db.name);
      return {
        name: db.name, tables: db.tables.length, rows: mine.reduce((n, o) => n + o.rows, 0),
        bytes: mine.reduce((n, o) => n + o.bytes, 0), durationMs: t ? t.end - t.start : 0, failures: journal.failuresIn(db.name),
      };
    });
    return {
      ok: journal.failures.length === 0,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      databases,
      totals: {
        tables: databases.reduce((n, d) => n + d.tables, 0),
        rows: databases.reduce((n, d) => n + d.rows, 0),
        bytes: databases.reduce((n, d) => n + d.bytes, 0),
      },
      users: users.map((u) => ({ user: u.user.user, host: u.user.host, ok: u.ok })),
      failures: journal.failures,
      compatibilityWarnings,
      warnings: journal.warnings,
      verification,
    };
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    if (snapshot) await snapshot.release().catch(() => undefined);
    await Promise.all(opened.map((s) => s.close()));
    request.signal?.removeEventListener('abort', abortScope);
  }
}


