import { describeEndpoint, type DatabaseUser, type Endpoint } from '../../driver.ts';
import type { UserCopy } from '../../reports.ts';
import { readCatalog } from '../copier/catalog.ts';
import { openSession, type Session } from '../copier/connections.ts';
import { targetSetup } from '../copier/copy-setup.ts';
import { CopyJournal } from '../copier/failures.ts';
import { withoutNoBackslashEscapes } from '../copier/quote.ts';
import { takeSnapshot, type SourceSnapshot } from '../copier/snapshot.ts';
import type { ObjectFailure } from '../copier/types.ts';
import type { MethodVerificationEntry } from '../verify/chunk-boundaries.ts';
import { diffCatalogs } from './catalog-diff.ts';
import { completeFrozen } from './frozen-pass.ts';
import { keptEntries, readKeptSources } from './kept-checksums.ts';
import { emptyCounters, type Pair } from './reload.ts';
import { syncTables } from './table-pass.ts';
import type { TargetChecksums } from './target-checksums.ts';
import { checkTrust } from './target-trust.ts';

/** One pass bringing a target copy up to date with its source. */
export interface SyncRequest {
  readonly source: Endpoint;
  readonly target: Endpoint;
  readonly databases: readonly string[];
  /**
   * 'online': the source keeps taking writes; tables are compared and
   * reloaded from one consistent snapshot. 'frozen': nobody writes any more;
   * the pass also recreates views, routines, triggers and events and carries
   * sequences and AUTO_INCREMENT counters over, so the target is complete.
   */
  readonly mode: 'online' | 'frozen';
  readonly parallelism?: number;
  /** Rows per compared chunk (default 2000): smaller finds smaller changed ranges, costs more groups. */
  readonly rowsPerChunk?: number;
  readonly signal?: AbortSignal;
  readonly onTable?: (table: string, done: number, total: number) => void;
  /**
   * The target copy's checksums kept by this run's earlier passes (same
   * executor invocation, same target): tables it covers are compared with
   * them and only the source is read; an online pass fills and updates it.
   * Without it, every table is read on both sides.
   */
  readonly targetChecksums?: TargetChecksums;
  /** DEFINER accounts to replace in the programs a frozen pass recreates (see copier/definers.ts). */
  readonly definers?: Readonly<Record<string, string>>;
  /** The account's users: a frozen pass makes them again on the target as the source has them then. */
  readonly users?: readonly DatabaseUser[];
}

/** What a pass did, and the verification of every table after it (JSON-serialisable, no credentials). */
export interface SyncReport {
  readonly mode: 'online' | 'frozen';
  readonly durationMs: number;
  readonly tables: number;
  /** Tables with at least one reloaded range, or recopied whole. */
  readonly tablesChanged: number;
  readonly rangesReloaded: number;
  /** Tables recreated (new on the source, or their columns changed) and copied whole. */
  readonly tablesRecreated: number;
  readonly tablesDropped: number;
  readonly rowsCopied: number;
  readonly bytesCopied: number;
  /** Per table, with `method`: how it was verified (both servers read, or the source against the target's kept checksums). */
  readonly verification: MethodVerificationEntry[];
  readonly failures: ObjectFailure[];
  readonly warnings: string[];
  readonly ok: boolean;
  /** The users a frozen pass made again on the target (see frozen-users.ts). */
  readonly users?: UserCopy[];
}

/**
 * One pass of a live migration's delta copy: brings `target` (a copy made
 * earlier, that nobody but us writes to) up to date with `source`. Tables new
 * or changed in shape are recreated, tables gone are dropped, every other
 * table is compared by chunked checksums and only the differing key ranges
 * are reloaded (delete on the target, copy from the source). Every table is
 * verified (row count and checksum on both sides) by the same pass. Triggers
 * on the target are dropped first so reloading fires none; a 'frozen' pass
 * recreates them with the other programs. Object failures are reported, not
 * thrown; the pass is idempotent, so re-running it after a crash is safe.
 */
export async function syncAccount(request: SyncRequest): Promise<SyncReport> {
  const started = Date.now();
  const parallelism = Math.max(1, Math.min(16, request.parallelism ?? 4));
  const journal = new CopyJournal();
  const opened: Session[] = [];
  let snapshot: SourceSnapshot | null = null;
  // Kept checksums of another server are never used (nor updated).
  const offered = request.targetChecksums?.target === describeEndpoint(request.target) ? request.targetChecksums : undefined;
  let kept: TargetChecksums | undefined;
  const open = async (endpoint: Endpoint, side: 'source' | 'target', setup: readonly string[] = []) => {
    const session = await openSession(endpoint, side, setup, request.signal);
    opened.push(session);
    return session;
  };
  try {
    const control = await open(request.source, 'source');
    const sourceMode = withoutNoBackslashEscapes(String((await control.rows('SELECT @@GLOBAL.sql_mode m'))[0]?.['m'] ?? ''));
    const targetControl = await open(request.target, 'target', targetSetup(sourceMode, false));
    const trust = offered ? await checkTrust(targetControl, offered) : undefined;
    if (trust?.warning) journal.warn(trust.warning);
    kept = trust?.trusted ? offered : undefined;
    const sourceCatalogs = await readCatalog(control, request.databases);
    const missing = request.databases.find((d) => !sourceCatalogs.some((c) => c.name === d));
    if (missing !== undefined) throw new Error(`database ${missing} is missing on the source`);
    const targetCatalogs = await readCatalog(targetControl, request.databases);
    const targets = await Promise.all(Array.from({ length: parallelism }, () => open(request.target, 'target', targetSetup(sourceMode, true))));
    const diff = await diffCatalogs(control, targetControl, sourceCatalogs, targetCatalogs, request.mode, kept, journal);

    // Frozen: every writer is stopped (LiveSync.frozenPass), by the executor's lock of the tables.
    snapshot = await takeSnapshot(request.source, sourceCatalogs.flatMap((c) => c.tables), parallelism, request.signal, request.mode === 'frozen' ? 'writes-held' : undefined);
    const pairs: Pair[] = snapshot.sessions.map((source, i) => ({ source, target: targets[i] as Session }));
    const entries = keptEntries(kept, diff);
    const counters = emptyCounters();
    const verification = await syncTables(pairs, {
      diff, kept, entries, sourceSums: await readKeptSources(snapshot.sessions, entries, request.signal), refresh: request.mode === 'online',
      rowsPerChunk: request.rowsPerChunk ?? 2000, counters, journal, signal: request.signal, onTable: request.onTable,
    });
    await snapshot.release();
    let users: UserCopy[] | undefined;
    if (request.mode === 'frozen') {
      // Only the next pass of the same invocation may use what was kept, and only after a whole online pass.
      offered?.clear();
      users = await completeFrozen(control, targetControl, sourceCatalogs, sourceMode, journal, { definers: request.definers, users: request.users });
    }
    return {
      mode: request.mode, durationMs: Date.now() - started, tables: diff.dataTables.length, tablesChanged: counters.changed.size,
      rangesReloaded: counters.rangesReloaded, tablesRecreated: diff.tablesRecreated, tablesDropped: diff.tablesDropped,
      rowsCopied: counters.rowsCopied, bytesCopied: counters.bytesCopied, verification,
      failures: journal.failures, warnings: journal.warnings, ok: journal.failures.length === 0, ...(users ? { users } : {}),
    };
  } catch (error) {
    // Reloads may have happened that the kept checksums do not reflect.
    offered?.clear();
    request.signal?.throwIfAborted();
    throw error;
  } finally {
    if (snapshot) await snapshot.release().catch(() => undefined);
    await Promise.all(opened.map((s) => s.close()));
  }
}
