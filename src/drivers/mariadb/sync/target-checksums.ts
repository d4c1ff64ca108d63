import type { BoundaryChunks } from '../verify/chunk-boundaries.ts';
import type { RowsChecksum } from '../verify/types.ts';

/** Which server process answers at the target's address: kept checksums hold only for the one that measured them. */
export interface TargetIdentity {
  /** server_uuid where the server has one (MySQL), else what names a MariaDB server: version, server_id, host name, data directory. */
  readonly server: string;
  /** When it started (its clock, seconds since 1970): a restart changes it. */
  readonly bootedAt: number;
  /**
   * The connection id of the session that read this: ids only grow within
   * one server process and start again from 1 after a restart, which tells a
   * restart the 1-second uptime cannot (one within a second or two).
   */
  readonly connectionId: number;
}

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
 * target copy has events is never kept, nor anything while the target runs
 * enabled events, nor what another server process (a restart, a server
 * replaced at that address) measured. Every write of the run's own passes
 * goes through a range reload, after which the range is measured again and
 * its chunks replaced here. A table is forgotten whenever its state is not
 * known exactly (failure, recreated, verification mismatch, pass aborted).
 */
export class TargetChecksums {
  private readonly tables = new Map<string, KeptTable>();
  /** The server process the last pass found at `target` (see target-trust.ts): checksums kept by another one are forgotten. */
  identity: TargetIdentity | undefined;

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
