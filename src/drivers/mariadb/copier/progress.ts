import type { CopyPhase, CopyProgress } from './types.ts';

/**
 * Turns chunk counts into account-wide progress events with a rate (since
 * the data phase started) and an ETA. Calls are cheap; throttling is the
 * caller's business.
 */
export class ProgressMeter {
  private bytesDone = 0;
  private rowsDone = 0;
  private phase: CopyPhase = 'schema';
  private dataStartedAt = 0;

  constructor(private readonly bytesTotal: number, private readonly sink?: (p: CopyProgress) => void) {}

  /** Enters a phase and emits an event for it. */
  enter(phase: CopyPhase, database?: string): void {
    this.phase = phase;
    if (phase === 'data' && this.dataStartedAt === 0) this.dataStartedAt = Date.now();
    this.emit(database, undefined);
  }

  /** Counts a chunk of rows sent for `database`.`table`. */
  add(database: string, table: string, rows: number, bytes: number): void {
    this.rowsDone += rows;
    this.bytesDone += bytes;
    this.emit(database, table);
  }

  private emit(database: string | undefined, table: string | undefined): void {
    if (!this.sink) return;
    const total = Math.max(this.bytesTotal, this.bytesDone);
    const seconds = this.dataStartedAt ? (Date.now() - this.dataStartedAt) / 1000 : 0;
    const rate = seconds > 0 ? this.bytesDone / seconds : 0;
    this.sink({
      phase: this.phase,
      ...(database === undefined ? {} : { database }),
      ...(table === undefined ? {} : { table }),
      bytesDone: this.bytesDone,
      bytesTotal: total,
      rowsDone: this.rowsDone,
      rate,
      etaSeconds: rate > 0 ? Math.max(0, (total - this.bytesDone) / rate) : null,
    });
  }
}
