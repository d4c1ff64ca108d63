import type { Endpoint } from '../endpoint.ts';
import { readCatalog, type DatabaseCatalog, type TableInfo } from '../copier/catalog.ts';
import { forEachLimit, openSession, type Session } from '../copier/connections.ts';
import { targetSetup } from '../copier/copy-setup.ts';
import { CopyJournal } from '../copier/failures.ts';
import { copyPrograms } from '../copier/programs.ts';
import { qualified, quoteIdent, withoutNoBackslashEscapes } from '../copier/quote.ts';
import { keyBounds, rangeKeyOf } from '../copier/ranges.ts';
import { createDatabase, createTables } from '../copier/schema.ts';
import { takeSnapshot, type SourceSnapshot } from '../copier/snapshot.ts';
import { reloadTableRange, type KeyRange } from '../copier/table-copy.ts';
import type { ObjectFailure } from '../copier/types.ts';
import { chunkChecksums, rowHashSql } from '../verify/checksum.ts';
import { verificationEntry, checksumBothSides, type SidesChecksum } from '../verify/verify-tables.ts';
import type { ChunkChecksum, RowsChecksum, VerificationEntry } from '../verify/types.ts';

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
  readonly verification: VerificationEntry[];
  readonly failures: ObjectFailure[];
  readonly warnings: string[];
  readonly ok: boolean;
}

/** Columns, key and type: a difference means the table is recreated and copied whole. */
function shapeOf(table: TableInfo): string {
  return JSON.stringify([table.tableType, table.primaryKey, table.columns.map((c) => [c.name, c.columnType.toLowerCase(), c.nullable, c.generated])]);
}

const sumOf = (chunks: readonly RowsChecksum[]): RowsChecksum => ({
  rows: chunks.reduce((n, c) => n + c.rows, 0),
  checksum: chunks.reduce((s, c) => s + BigInt(c.checksum ?? '0'), 0n).toString(),
});

/** Consecutive chunk indexes merged into key ranges (from inclusive, to exclusive). */
function mergeChunks(column: string, indexes: readonly number[], min: bigint, size: bigint): KeyRange[] {
  const sorted = [...indexes].sort((a, b) => a - b);
  const ranges: KeyRange[] = [];
  let start: number | undefined;
  let prev = 0;
  const push = (from: number, to: number) => ranges.push({ column, from: (min + BigInt(from) * size).toString(), to: (min + BigInt(to + 1) * size).toString() });
  for (const i of sorted) {
    if (start === undefined) start = i;
    else if (i !== prev + 1) { push(start, prev); start = i; }
    prev = i;
  }
  if (start !== undefined) push(start, prev);
  return ranges;
}

interface Pair { readonly source: Session; readonly target: Session }
interface Counters { rangesReloaded: number; rowsCopied: number; bytesCopied: number; changed: Set<string> }

/**
 * Compares a table on both sides chunk by chunk (integer primary key) or
 * whole (other tables), reloads what differs from the source, checks the
 * reloaded ranges again, and returns the table's verification.
 */
async function syncTable(pair: Pair, table: TableInfo, whole: boolean, rowsPerChunk: number, counters: Counters, journal: CopyJournal): Promise<VerificationEntry | null> {
  const name = `${table.database}.${table.name}`;
  const reload = async (range: KeyRange | null): Promise<SidesChecksum> => {
    const copied = await reloadTableRange(pair.source, pair.target, table, range);
    counters.rangesReloaded++;
    counters.rowsCopied += copied.rows;
    counters.bytesCopied += copied.bytes;
    counters.changed.add(name);
    for (const w of copied.warnings) journal.warn(`${name}: load warning ${w}`);
    return checksumBothSides(pair.source, pair.target, table, range, 'checksums');
  };
  const subject = { database: table.database, object: table.name, kind: 'data' as const, statement: `sync of ${qualified(table.database, table.name)}` };
  try {
    const column = rangeKeyOf(table);
    if (whole || column === null) {
      const sides = whole ? await reload(null) : await checksumBothSides(pair.source, pair.target, table, null, 'checksums');
      const same = sides.source.rows === sides.target.rows && sides.source.checksum === sides.target.checksum;
      return verificationEntry(table, [same ? sides : await reload(null)]);
    }
    const [sb, tb] = await Promise.all([keyBounds(pair.source, table, column), keyBounds(pair.target, table, column)]);
    if (!sb && !tb) return verificationEntry(table, [{ source: { rows: 0, checksum: '0' }, target: { rows: 0, checksum: '0' } }]);
    const min = [sb?.min, tb?.min].filter((v): v is bigint => v !== undefined).reduce((a, b) => (a < b ? a : b));
    const max = [sb?.max, tb?.max].filter((v): v is bigint => v !== undefined).reduce((a, b) => (a > b ? a : b));
    const chunks = BigInt(Math.max(1, Math.ceil(Math.max(table.rowsEstimate, 1) / rowsPerChunk)));
    const span = max - min + 1n;
    const size = span / chunks + (span % chunks === 0n ? 0n : 1n);
    const key = { column, min, chunkSize: size > 0n ? size : 1n };
    const [sc, tc] = await Promise.all([chunkChecksums(pair.source, table, key), chunkChecksums(pair.target, table, key)]);
    const bySource = new Map(sc.map((c) => [c.chunk, c]));
    const byTarget = new Map(tc.map((c) => [c.chunk, c]));
    const differing = [...new Set([...bySource.keys(), ...byTarget.keys()])].filter((i) => {
      const s = bySource.get(i);
      const t = byTarget.get(i);
      return !s || !t || s.rows !== t.rows || s.checksum !== t.checksum;
    });
    const parts: SidesChecksum[] = [];
    const same = (c: ChunkChecksum) => !differing.includes(c.chunk);
    parts.push({ source: sumOf(sc.filter(same)), target: sumOf(tc.filter(same)) });
    const rowsIn = (i: number) => Math.max(bySource.get(i)?.rows ?? 0, byTarget.get(i)?.rows ?? 0);
    for (const range of mergeChunks(column, differing, key.min, key.chunkSize)) {
      // Sparse keys make chunks of very different sizes: a big differing chunk is narrowed down before reloading.
      const rows = differing.filter((i) => inRange(key.min + BigInt(i) * key.chunkSize, range)).reduce((n, i) => n + rowsIn(i), 0);
      parts.push(...(rows > 4 * rowsPerChunk ? await narrow(pair, table, range, rowsPerChunk, reload) : [await reload(range)]));
    }
    return verificationEntry(table, parts);
  } catch (error) {
    journal.fail(subject, error);
    return null;
  }
}

const inRange = (value: bigint, range: KeyRange): boolean =>
  (range.from === null || value >= BigInt(range.from)) && (range.to === null || value < BigInt(range.to));

/** Checksums of `parts` sub-ranges of [from, to) on one side, in one scan of that range. */
async function subChecksums(session: Session, table: TableInfo, column: string, from: bigint, size: bigint, to: bigint): Promise<Map<number, RowsChecksum>> {
  const col = quoteIdent(column);
  const rows = await session.rows(`SELECT FLOOR((${col} - ${from.toString()}) / ${size.toString()}) c, COUNT(*) n, SUM(${rowHashSql(table.columns)}) s`
    + ` FROM ${qualified(table.database, table.name)} WHERE ${col} >= ${from.toString()} AND ${col} < ${to.toString()} GROUP BY c`);
  const str = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v ?? '0'));
  return new Map(rows.map((r) => [Number(str(r['c'])), { rows: Number(str(r['n'])), checksum: r['s'] == null ? '0' : str(r['s']) }]));
}

/**
 * A differing range holding many rows, cut into 64 parts compared again,
 * recursively, so only the parts that differ are reloaded.
 */
async function narrow(pair: Pair, table: TableInfo, range: KeyRange, rowsPerChunk: number, reload: (r: KeyRange) => Promise<SidesChecksum>): Promise<SidesChecksum[]> {
  const from = BigInt(range.from ?? '0');
  const to = BigInt(range.to ?? '0');
  const size = (to - from + 63n) / 64n;
  if (range.from === null || range.to === null || size <= 1n) return [await reload(range)];
  const [s, t] = await Promise.all([
    subChecksums(pair.source, table, range.column, from, size, to), subChecksums(pair.target, table, range.column, from, size, to),
  ]);
  const parts: SidesChecksum[] = [];
  const equal: SidesChecksum[] = [];
  for (const i of [...new Set([...s.keys(), ...t.keys()])].sort((a, b) => a - b)) {
    const a = s.get(i);
    const b = t.get(i);
    const sub: KeyRange = { column: range.column, from: (from + BigInt(i) * size).toString(), to: (from + BigInt(i + 1) * size < to ? from + BigInt(i + 1) * size : to).toString() };
    if (a && b && a.rows === b.rows && a.checksum === b.checksum) equal.push({ source: a, target: b });
    else if (Math.max(a?.rows ?? 0, b?.rows ?? 0) > 4 * rowsPerChunk) parts.push(...await narrow(pair, table, sub, rowsPerChunk, reload));
    else parts.push(await reload(sub));
  }
  return [{ source: sumOf(equal.map((e) => e.source)), target: sumOf(equal.map((e) => e.target)) }, ...parts];
}

async function dropPrograms(target: Session, db: DatabaseCatalog, triggersOnly: boolean): Promise<void> {
  const drop: Record<string, string> = { view: 'VIEW', procedure: 'PROCEDURE', function: 'FUNCTION', trigger: 'TRIGGER', event: 'EVENT' };
  const objects = triggersOnly ? db.triggers : [...db.triggers, ...db.views, ...db.routines, ...db.events];
  for (const o of objects) await target.exec(`DROP ${drop[o.kind] ?? 'VIEW'} IF EXISTS ${qualified(db.name, o.name)}`);
}

/** Carries sequences' next values and AUTO_INCREMENT counters over (only when frozen: they move with every insert). */
async function carryCounters(control: Session, target: Session, tables: readonly TableInfo[], journal: CopyJournal): Promise<void> {
  for (const table of tables) {
    const where = [table.database, table.name];
    try {
      if (table.tableType === 'SEQUENCE') {
        const [row] = await control.rows(`SELECT CAST(next_not_cached_value AS CHAR) v FROM ${qualified(table.database, table.name)}`);
        const value = String(row?.['v'] ?? '');
        if (/^-?\d+$/.test(value)) await target.rows(`SELECT SETVAL(${qualified(table.database, table.name)}, ${value}, 0)`);
        continue;
      }
      const [s] = await control.rows('SELECT AUTO_INCREMENT a FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', where);
      const [t] = await target.rows('SELECT AUTO_INCREMENT a FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', where);
      const next = s?.['a'];
      if (next !== null && next !== undefined && /^\d+$/.test(String(next)) && BigInt(String(next)) > BigInt(String(t?.['a'] ?? '0'))) {
        await target.exec(`ALTER TABLE ${qualified(table.database, table.name)} AUTO_INCREMENT = ${String(next)}`);
      }
    } catch (error) {
      journal.fail({ database: table.database, object: table.name, kind: 'table', statement: 'carry AUTO_INCREMENT / sequence value' }, error);
    }
  }
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
  const open = async (endpoint: Endpoint, side: 'source' | 'target', setup: readonly string[] = []) => {
    const session = await openSession(endpoint, side, setup, request.signal);
    opened.push(session);
    return session;
  };
  try {
    const control = await open(request.source, 'source');
    const sourceMode = withoutNoBackslashEscapes(String((await control.rows('SELECT @@GLOBAL.sql_mode m'))[0]?.['m'] ?? ''));
    const targetControl = await open(request.target, 'target', targetSetup(sourceMode, false));
    const sourceCatalogs = await readCatalog(control, request.databases);
    const missing = request.databases.find((d) => !sourceCatalogs.some((c) => c.name === d));
    if (missing !== undefined) throw new Error(`database ${missing} is missing on the source`);
    const targetCatalogs = await readCatalog(targetControl, request.databases);
    const targets = await Promise.all(Array.from({ length: parallelism }, () => open(request.target, 'target', targetSetup(sourceMode, true))));

    let tablesRecreated = 0;
    let tablesDropped = 0;
    const whole = new Set<TableInfo>();
    const dataTables: TableInfo[] = [];
    for (const db of sourceCatalogs) {
      const existing = targetCatalogs.find((c) => c.name === db.name);
      if (existing) await dropPrograms(targetControl, existing, request.mode === 'online');
      else if (!(await createDatabase(targetControl, db, false, journal))) continue;
      const targetTables = new Map((existing?.tables ?? []).map((t) => [t.name, t]));
      for (const gone of [...targetTables.keys()].filter((n) => !db.tables.some((t) => t.name === n))) {
        await targetControl.exec(`DROP TABLE IF EXISTS ${qualified(db.name, gone)}`);
        tablesDropped++;
      }
      const recreate = db.tables.filter((t) => {
        const there = targetTables.get(t.name);
        return !there || shapeOf(there) !== shapeOf(t);
      });
      for (const t of recreate) await targetControl.exec(`DROP TABLE IF EXISTS ${qualified(db.name, t.name)}`);
      const created = await createTables(control, [targetControl], { ...db, tables: recreate }, journal);
      tablesRecreated += created.length;
      for (const t of created) whole.add(t);
      const createdNames = new Set(created.map((t) => t.name));
      dataTables.push(...db.tables.filter((t) => t.tableType !== 'SEQUENCE' && (!recreate.includes(t) || createdNames.has(t.name))));
    }

    snapshot = await takeSnapshot(request.source, sourceCatalogs.flatMap((c) => c.tables), parallelism, request.signal);
    const pairs: Pair[] = snapshot.sessions.map((source, i) => ({ source, target: targets[i] as Session }));
    const counters: Counters = { rangesReloaded: 0, rowsCopied: 0, bytesCopied: 0, changed: new Set() };
    const queue = [...dataTables].sort((a, b) => b.dataBytes - a.dataBytes);
    const verification: VerificationEntry[] = [];
    let done = 0;
    await forEachLimit(pairs, pairs.length, async (pair) => {
      for (let table = queue.shift(); table; table = queue.shift()) {
        request.signal?.throwIfAborted();
        const entry = await syncTable(pair, table, whole.has(table), request.rowsPerChunk ?? 2000, counters, journal);
        if (entry) {
          verification.push(entry);
          if (!entry.ok) {
            journal.fail({ database: table.database, object: table.name, kind: 'verify', statement: `checksum of ${qualified(table.database, table.name)}` },
              new Error(`target differs from source after the delta copy: ${entry.targetRows} rows vs ${entry.sourceRows}`));
          }
        }
        request.onTable?.(`${table.database}.${table.name}`, ++done, dataTables.length);
      }
    });
    await snapshot.release();

    if (request.mode === 'frozen') {
      await carryCounters(control, targetControl, sourceCatalogs.flatMap((c) => c.tables), journal);
      for (const db of sourceCatalogs) {
        await copyPrograms(control, targetControl, db, sourceMode, journal);
        await targetControl.exec(`USE ${quoteIdent(db.name)}`);
      }
    }
    return {
      mode: request.mode,
      durationMs: Date.now() - started,
      tables: dataTables.length,
      tablesChanged: counters.changed.size,
      rangesReloaded: counters.rangesReloaded,
      tablesRecreated,
      tablesDropped,
      rowsCopied: counters.rowsCopied,
      bytesCopied: counters.bytesCopied,
      verification: verification.sort((a, b) => `${a.database}.${a.table}`.localeCompare(`${b.database}.${b.table}`)),
      failures: journal.failures,
      warnings: journal.warnings,
      ok: journal.failures.length === 0,
    };
  } catch (error) {
    request.signal?.throwIfAborted();
    throw error;
  } finally {
    if (snapshot) await snapshot.release().catch(() => undefined);
    await Promise.all(opened.map((s) => s.close()));
  }
}
