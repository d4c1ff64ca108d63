import type { TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import type { CopyJournal } from '../copier/failures.ts';
import { reloadTableRange, type KeyRange } from '../copier/table-copy.ts';
import { checksumBothSides, type SidesChecksum } from '../verify/verify-tables.ts';

/** A source session of the pass's snapshot and a target session, used together by one worker. */
export interface Pair { readonly source: Session; readonly target: Session }

/** What the pass's reloads moved, over all tables (for its report). */
export interface Counters { rangesReloaded: number; rowsCopied: number; bytesCopied: number; readonly changed: Set<string> }

export const emptyCounters = (): Counters => ({ rangesReloaded: 0, rowsCopied: 0, bytesCopied: 0, changed: new Set() });

/**
 * One table's sync in one worker: its pair of sessions, the chunk size and
 * `reload`, which replaces a key range (null: the whole table) on the target
 * with the source's rows and returns both sides' checksums of it afterwards.
 */
export interface TableSync {
  readonly pair: Pair;
  readonly table: TableInfo;
  readonly rowsPerChunk: number;
  readonly reload: (range: KeyRange | null) => Promise<SidesChecksum>;
}

/** The table's `TableSync`; every reload is counted and its load warnings journaled. */
export function tableSync(pair: Pair, table: TableInfo, rowsPerChunk: number, counters: Counters, journal: CopyJournal): TableSync {
  const name = `${table.database}.${table.name}`;
  const reload = async (range: KeyRange | null): Promise<SidesChecksum> => {
    const copied = await reloadTableRange(pair.source, pair.target, table, range);
    counters.rangesReloaded++;
    counters.rowsCopied += copied.rows;
    counters.bytesCopied += copied.bytes;
    counters.changed.add(name);
    for (const w of copied.warnings) journal.warn(`${name}: load warning ${w}`);
    // Checked again at once: a reload that did not make both sides equal shows in the verification.
    return checksumBothSides(pair.source, pair.target, table, range, 'checksums');
  };
  return { pair, table, rowsPerChunk, reload };
}
