import type { BoundaryChunks } from '../verify/chunk-boundaries.ts';
import type { RowsChecksum } from '../verify/types.ts';

/** What is known of one table of the target copy: per-chunk checksums, or the whole table's. */
export type KeptTable =
  | { readonly kind: 'chunks'; readonly shape: string; readonly chunks: BoundaryChunks; readonly sums: Map<number, RowsChecksum> }
  | { readonly kind: 'whole'; readonly shape: string; readonly sum: RowsChecksum };

/**
 * The target copy's checksums as measured by this run's own passes, kept in
 * memory between the passes of ONE executor invocation (never journaled, so
 * a resumed operation starts without them and reads both sides again).
 *
 * Sound only because nothing but this run writes to the target copy: the
 * account's users there are created locked (and stay locked until the
 * unfreeze), triggers are dropped before any reload, and a database whose
 * target copy has events is never kept. Every write of the run's own passes
 * goes through a range reload, after which the range is measured again and
 * its chunks replaced here. A table is forgotten whenever its state is not
 * known exactly (failure, recreated, verification mismatch, pass aborted).
 */
export class TargetChecksums {
  private readonly tables = new Map<string, KeptTable>();

  /** @param target identifies the target server (host:port): the checksums are only ever used against it. */
  constructor(readonly target: string) {}

  get(database: string, table: string): KeptTable | undefined {
    return this.tables.get(`${database}\u0000${table}`);
  }

  set(database: string, table: string, kept: KeptTable): void {
    this.tables.set(`${database}\u0000${table}`, kept);
  }

  forget(database: string, table: string): void {
    this.tables.delete(`${database}\u0000${table}`);
  }

  forgetDatabase(database: string): void {
    for (const key of [...this.tables.keys()]) if (key.startsWith(`${database}\u0000`)) this.tables.delete(key);
  }

  clear(): void {
    this.tables.clear();
  }

  get size(): number {
    return this.tables.size;
  }
}
