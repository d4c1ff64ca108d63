import { describeEndpoint, type Endpoint } from '../../endpoint.ts';
import { readCatalog, type DatabaseCatalog, type TableInfo } from '../copier/catalog.ts';
import { forEachLimit, openSession, type Session } from '../copier/connections.ts';
import { targetSetup } from '../copier/copy-setup.ts';
import { CopyJournal } from '../copier/failures.ts';
import { copyPrograms } from '../copier/programs.ts';
import { qualified, quoteIdent, withoutNoBackslashEscapes } from '../copier/quote.ts';
import { keyBounds, rangeKeyOf } from '../copier/ranges.ts';
import { createDatabase, createTables } from '../copier/schema.ts';
import { takeSnapshot, type SourceSnapshot } from '../copier/snapshot.ts';
import { rangeWhere, reloadTableRange, type KeyRange } from '../copier/table-copy.ts';
import type { ObjectFailure } from '../copier/types.ts';
import { chunkChecksums, rowHashSql, tableChecksum } from '../verify/checksum.ts';
import {
  boundaryChunkChecksums, chunkCount, chunkRange, keyBoundaries, splitChunks, type BoundaryChunks, type MethodVerificationEntry, type VerificationMethod,
} from '../verify/chunk-boundaries.ts';
import { verificationEntry, checksumBothSides, type SidesChecksum } from '../verify/verify-tables.ts';
import type { ChunkChecksum, RowsChecksum, VerificationEntry } from '../verify/types.ts';
import type { KeptTable, TargetChecksums } from './target-checksums.ts';

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
/** Replaces a range (or the whole table) on the target with the source's rows, then checksums it on both sides. */
function reloader(pair: Pair, table: TableInfo, counters: Counters, journal: CopyJournal): (range: KeyRange | null) => Promise<SidesChecksum> {
  const name = `${table.database}.${table.name}`;
  return async (range) => {
    const copied = await reloadTableRange(pair.source, pair.target, table, range);
    counters.rangesReloaded++;
    counters.rowsCopied += copied.rows;
    counters.bytesCopied += copied.bytes;
    counters.changed.add(name);
    for (const w of copied.warnings) journal.warn(`${name}: load warning ${w}`);
    return checksumBothSides(pair.source, pair.target, table, range, 'checksums');
  };
}

async function syncTable(pair: Pair, table: TableInfo, whole: boolean, rowsPerChunk: number, counters: Counters, journal: CopyJournal): Promise<VerificationEntry | null> {
  const reload = reloader(pair, table, counters, journal);
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

/** Chunks per query when reading chunk checksums: bounds the statement's size and lets a table's scan be shared out. */
const CHUNKS_PER_SLICE = 64;

/** [first, last] chunk index slices covering all chunks. */
function slicesOf(chunks: BoundaryChunks, perSlice = CHUNKS_PER_SLICE): [number, number][] {
  const n = chunkCount(chunks);
  const slices: [number, number][] = [];
  for (let first = 0; first < n; first += perSlice) slices.push([first, Math.min(n, first + perSlice) - 1]);
  return slices;
}

/** Chunk checksums of a whole table, slice after slice, in one session. */
async function allChunkSums(session: Session, table: TableInfo, chunks: BoundaryChunks, signal?: AbortSignal): Promise<Map<number, RowsChecksum>> {
  const sums = new Map<number, RowsChecksum>();
  for (const [first, last] of slicesOf(chunks, 1024)) {
    signal?.throwIfAborted();
    for (const [i, sum] of await boundaryChunkChecksums(session, table, chunks, first, last)) sums.set(i, sum);
  }
  return sums;
}

/** Min and max key of a range on one side (two index dives), null when the range is empty there. */
async function rangeBounds(session: Session, table: TableInfo, range: KeyRange): Promise<{ min: bigint; max: bigint } | null> {
  const col = quoteIdent(range.column);
  const where = rangeWhere(range);
  const [row] = await session.rows(`SELECT CAST(MIN(${col}) AS CHAR) lo, CAST(MAX(${col}) AS CHAR) hi FROM ${qualified(table.database, table.name)}${where.sql}`, where.values);
  const lo = row?.['lo'];
  const hi = row?.['hi'];
  if (lo == null || hi == null) return null;
  return { min: BigInt(String(lo)), max: BigInt(String(hi)) };
}

/** Consecutive indexes grouped: [first, last] inclusive. */
function runsOf(indexes: readonly number[]): [number, number][] {
  const sorted = [...indexes].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const i of sorted) {
    const last = runs[runs.length - 1];
    if (last && i === last[1] + 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/** What a table's sync needs besides the pair: how to reload a range, and where the counters go. */
interface TableSync {
  readonly pair: Pair;
  readonly table: TableInfo;
  readonly rowsPerChunk: number;
  readonly reload: (range: KeyRange | null) => Promise<SidesChecksum>;
}

/**
 * Compares a table's source chunk checksums with the target's (measured now,
 * or kept from this run's earlier pass), reloads the differing runs of
 * chunks (narrowed first when they hold many rows), and returns the parts of
 * its verification and the runs reloaded.
 */
async function reloadDiffering(
  sync: TableSync, chunks: BoundaryChunks, source: ReadonlyMap<number, RowsChecksum>, target: ReadonlyMap<number, RowsChecksum>,
): Promise<{ parts: SidesChecksum[]; runs: [number, number][] }> {
  const differing = [...new Set([...source.keys(), ...target.keys()])].filter((i) => {
    const s = source.get(i);
    const t = target.get(i);
    return !s || !t || s.rows !== t.rows || s.checksum !== t.checksum;
  });
  const changed = new Set(differing);
  const equal = [...source.keys()].filter((i) => !changed.has(i));
  const parts: SidesChecksum[] = [{
    source: sumOf(equal.map((i) => source.get(i) as RowsChecksum)), target: sumOf(equal.map((i) => target.get(i) as RowsChecksum)),
  }];
  const runs = runsOf(differing);
  for (const [first, last] of runs) {
    const range = chunkRange(chunks, first, last);
    let rows = 0;
    for (let i = first; i <= last; i++) rows += Math.max(source.get(i)?.rows ?? 0, target.get(i)?.rows ?? 0);
    if (rows <= 4 * sync.rowsPerChunk) {
      parts.push(await sync.reload(range));
      continue;
    }
    // Many rows (a chunk that grew a lot): narrowed down within the keys both sides actually hold there.
    const [a, b] = await Promise.all([rangeBounds(sync.pair.source, sync.table, range), rangeBounds(sync.pair.target, sync.table, range)]);
    const lo = [a?.min, b?.min].filter((v): v is bigint => v !== undefined);
    const hi = [a?.max, b?.max].filter((v): v is bigint => v !== undefined);
    if (lo.length === 0 || hi.length === 0) {
      parts.push(await sync.reload(range));
      continue;
    }
    const bounded: KeyRange = {
      column: range.column, from: lo.reduce((x, y) => (x < y ? x : y)).toString(), to: (hi.reduce((x, y) => (x > y ? x : y)) + 1n).toString(),
    };
    parts.push(...await narrow(sync.pair, sync.table, bounded, sync.rowsPerChunk, sync.reload));
  }
  return { parts, runs };
}

/**
 * A table with an integer key seen for the first time by a pass that keeps
 * the target's checksums: chunk boundaries from the source snapshot's keys,
 * both sides compared chunk by chunk, differing runs reloaded; the target's
 * chunk checksums after the reloads are kept for the next passes.
 */
async function syncAndKeep(sync: TableSync, column: string, kept: TargetChecksums, refresh: boolean, signal?: AbortSignal): Promise<VerificationEntry> {
  const { pair, table } = sync;
  const chunks: BoundaryChunks = { column, boundaries: await keyBoundaries(pair.source, table, column, sync.rowsPerChunk) };
  const [source, target] = await Promise.all([allChunkSums(pair.source, table, chunks, signal), allChunkSums(pair.target, table, chunks, signal)]);
  const { parts, runs } = await reloadDiffering(sync, chunks, source, target);
  const entry = verificationEntry(table, parts);
  if (entry.ok && refresh) await keepAfterReloads(kept, pair.target, table, chunks, new Map(target), runs, sync.rowsPerChunk);
  return entry;
}

/**
 * Measures the target again over the reloaded runs of chunks and keeps the
 * result. Chunks that grew past twice `rowsPerChunk` rows (rows appended
 * after the last key, say) are cut again, and the last chunk of each run is
 * cut after its largest key, so the next pass does not reload again all that
 * grew since the boundaries were taken, only what is new.
 */
async function keepAfterReloads(
  kept: TargetChecksums, target: Session, table: TableInfo, chunks: BoundaryChunks, sums: Map<number, RowsChecksum>,
  runs: readonly [number, number][], rowsPerChunk: number,
): Promise<void> {
  for (const [first, last] of runs) {
    for (let i = first; i <= last; i++) sums.delete(i);
    for (const [i, sum] of await boundaryChunkChecksums(target, table, chunks, first, last)) sums.set(i, sum);
  }
  const big = runs.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, k) => first + k))
    .filter((i) => (sums.get(i)?.rows ?? 0) > 2 * rowsPerChunk);
  const tails = runs.map(([, last]) => last).filter((i) => !big.includes(i) && sums.has(i));
  if (big.length === 0 && tails.length === 0) {
    kept.set(table.database, table.name, { kind: 'chunks', shape: shapeOf(table), chunks, sums });
    return;
  }
  const split = await splitChunks(target, table, chunks, big, rowsPerChunk, tails);
  const cut = new Set([...big, ...tails]);
  const next = new Map<number, RowsChecksum>();
  for (const [i, sum] of sums) if (!cut.has(i)) next.set(split.moved(i)[0], sum);
  for (const i of cut) {
    const [first, last] = split.moved(i);
    for (const [j, sum] of await boundaryChunkChecksums(target, table, split.chunks, first, last)) next.set(j, sum);
  }
  kept.set(table.database, table.name, { kind: 'chunks', shape: shapeOf(table), chunks: split.chunks, sums: next });
}

/**
 * A table whose target checksums this run kept: only the source is read
 * (its chunk checksums, `source`, read beforehand in the snapshot), compared
 * with the kept target checksums; differing runs are reloaded and verified on
 * both sides. Online, the kept checksums of the reloaded runs are measured
 * again for the next pass.
 */
async function syncKept(sync: TableSync, kept: TargetChecksums, entry: KeptTable, source: ReadonlyMap<number, RowsChecksum> | undefined, refresh: boolean): Promise<VerificationEntry> {
  const { pair, table } = sync;
  if (entry.kind === 'whole') {
    const s = await tableChecksum(pair.source, table, null);
    const same = s.rows === entry.sum.rows && s.checksum === entry.sum.checksum;
    const sides = same ? { source: s, target: entry.sum } : await sync.reload(null);
    const result = verificationEntry(table, [sides]);
    if (result.ok && refresh) kept.set(table.database, table.name, { ...entry, sum: sides.target });
    return result;
  }
  if (!source) throw new Error('source chunk checksums missing');
  const { parts, runs } = await reloadDiffering(sync, entry.chunks, source, entry.sums);
  const result = verificationEntry(table, parts);
  if (result.ok && refresh) await keepAfterReloads(kept, pair.target, table, entry.chunks, new Map(entry.sums), runs, sync.rowsPerChunk);
  return result;
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
  // Kept checksums of another server are never used (nor updated).
  const kept = request.targetChecksums?.target === describeEndpoint(request.target) ? request.targetChecksums : undefined;
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
    // Databases whose target copy could change without this run: events there may write (checked before a frozen pass drops them).
    const unkept = new Set(targetCatalogs.filter((c) => c.events.length > 0).map((c) => c.name));
    for (const name of unkept) kept?.forgetDatabase(name);
    for (const db of sourceCatalogs) {
      const existing = targetCatalogs.find((c) => c.name === db.name);
      if (existing) await dropPrograms(targetControl, existing, request.mode === 'online');
      else if (!(await createDatabase(targetControl, db, false, journal))) continue;
      const targetTables = new Map((existing?.tables ?? []).map((t) => [t.name, t]));
      for (const gone of [...targetTables.keys()].filter((n) => !db.tables.some((t) => t.name === n))) {
        await targetControl.exec(`DROP TABLE IF EXISTS ${qualified(db.name, gone)}`);
        kept?.forget(db.name, gone);
        tablesDropped++;
      }
      const recreate = db.tables.filter((t) => {
        const there = targetTables.get(t.name);
        return !there || shapeOf(there) !== shapeOf(t);
      });
      for (const t of recreate) {
        kept?.forget(db.name, t.name);
        await targetControl.exec(`DROP TABLE IF EXISTS ${qualified(db.name, t.name)}`);
      }
      const created = await createTables(control, [targetControl], { ...db, tables: recreate }, journal);
      tablesRecreated += created.length;
      for (const t of created) whole.add(t);
      const createdNames = new Set(created.map((t) => t.name));
      dataTables.push(...db.tables.filter((t) => t.tableType !== 'SEQUENCE' && (!recreate.includes(t) || createdNames.has(t.name))));
    }

    snapshot = await takeSnapshot(request.source, sourceCatalogs.flatMap((c) => c.tables), parallelism, request.signal);
    const pairs: Pair[] = snapshot.sessions.map((source, i) => ({ source, target: targets[i] as Session }));
    const counters: Counters = { rangesReloaded: 0, rowsCopied: 0, bytesCopied: 0, changed: new Set() };
    const rowsPerChunk = request.rowsPerChunk ?? 2000;
    // What is kept of each table, when it still applies (same shape, same key, not recreated).
    const keptOf = new Map<TableInfo, KeptTable>();
    for (const table of dataTables) {
      const entry = kept?.get(table.database, table.name);
      if (!entry) continue;
      const column = rangeKeyOf(table);
      const fits = !whole.has(table) && !unkept.has(table.database) && entry.shape === shapeOf(table)
        && (entry.kind === 'chunks' ? entry.chunks.column === column : column === null);
      if (fits) keptOf.set(table, entry);
      else kept?.forget(table.database, table.name);
    }
    // The source side of the kept tables first: slices of chunks shared out over all snapshot sessions (both cores busy).
    const sourceSums = new Map<TableInfo, Map<number, RowsChecksum>>();
    const slices: { table: TableInfo; chunks: BoundaryChunks; first: number; last: number }[] = [];
    for (const [table, entry] of [...keptOf].sort((a, b) => b[0].dataBytes - a[0].dataBytes)) {
      if (entry.kind !== 'chunks') continue;
      sourceSums.set(table, new Map());
      for (const [first, last] of slicesOf(entry.chunks)) slices.push({ table, chunks: entry.chunks, first, last });
    }
    await Promise.all(snapshot.sessions.map(async (session) => {
      for (let slice = slices.shift(); slice; slice = slices.shift()) {
        request.signal?.throwIfAborted();
        const sums = await boundaryChunkChecksums(session, slice.table, slice.chunks, slice.first, slice.last);
        const into = sourceSums.get(slice.table) as Map<number, RowsChecksum>;
        for (const [i, sum] of sums) into.set(i, sum);
      }
    }));

    const refresh = request.mode === 'online';
    const syncOne = async (pair: Pair, table: TableInfo): Promise<MethodVerificationEntry | null> => {
      const entry = keptOf.get(table);
      const column = rangeKeyOf(table);
      const keep = kept !== undefined && refresh && !whole.has(table) && !unkept.has(table.database);
      if (!entry && !(keep && column !== null)) {
        const v = await syncTable(pair, table, whole.has(table), rowsPerChunk, counters, journal);
        if (v?.ok && keep) kept.set(table.database, table.name, { kind: 'whole', shape: shapeOf(table), sum: { rows: v.targetRows, checksum: v.targetChecksum } });
        return v ? { ...v, method: 'both-sides' } : null;
      }
      const sync: TableSync = { pair, table, rowsPerChunk, reload: reloader(pair, table, counters, journal) };
      try {
        if (entry && kept) return { ...await syncKept(sync, kept, entry, sourceSums.get(table), refresh), method: 'source-and-kept-target' satisfies VerificationMethod };
        return { ...await syncAndKeep(sync, column as string, kept as TargetChecksums, refresh, request.signal), method: 'both-sides' };
      } catch (error) {
        journal.fail({ database: table.database, object: table.name, kind: 'data', statement: `sync of ${qualified(table.database, table.name)}` }, error);
        return null;
      }
    };

    const queue = [...dataTables].sort((a, b) => b.dataBytes - a.dataBytes);
    const verification: MethodVerificationEntry[] = [];
    let done = 0;
    await forEachLimit(pairs, pairs.length, async (pair) => {
      for (let table = queue.shift(); table; table = queue.shift()) {
        request.signal?.throwIfAborted();
        const entry = await syncOne(pair, table);
        if (!entry?.ok) kept?.forget(table.database, table.name);
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
    // Only the next pass of the same invocation may use what was kept, and only after a whole online pass.
    if (request.mode === 'frozen') kept?.clear();

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
    // Reloads may have happened that the kept checksums do not reflect.
    kept?.clear();
    request.signal?.throwIfAborted();
    throw error;
  } finally {
    if (snapshot) await snapshot.release().catch(() => undefined);
    await Promise.all(opened.map((s) => s.close()));
  }
}
