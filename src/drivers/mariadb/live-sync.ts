import { describeEndpoint, type Endpoint, type LiveSync, type LiveSyncOptions, type SyncPassOptions } from '../driver.ts';
import type { SyncReport } from '../reports.ts';
import { neutralSyncReport } from './neutral-reports.ts';
import { syncAccount } from './sync/sync.ts';
import { TargetChecksums } from './sync/target-checksums.ts';
import { compareDefinitions, withMismatches } from './verify/compare-definitions.ts';

/**
 * The passes of one live migration: the target's checksums measured by the
 * online passes are kept for the next passes of the same object (see
 * TargetChecksums for why that is sound).
 */
export class MariadbLiveSync implements LiveSync {
  private readonly kept: TargetChecksums;

  constructor(
    private readonly source: Endpoint, private readonly target: Endpoint, private readonly databases: readonly string[],
    private readonly options: LiveSyncOptions = {},
  ) {
    this.kept = new TargetChecksums(describeEndpoint(target));
  }

  onlinePass(options: SyncPassOptions): Promise<SyncReport> {
    return this.pass('online', options);
  }

  frozenPass(options: SyncPassOptions): Promise<SyncReport> {
    return this.pass('frozen', options);
  }

  reset(): void {
    this.kept.clear();
  }

  private async pass(mode: 'online' | 'frozen', options: SyncPassOptions): Promise<SyncReport> {
    const report = await syncAccount({
      source: this.source, target: this.target, databases: this.databases, mode, targetChecksums: this.kept,
      ...(this.options.definers ? { definers: this.options.definers } : {}), ...(this.options.users ? { users: this.options.users } : {}),
      ...(options.signal ? { signal: options.signal } : {}), ...(options.onTable ? { onTable: options.onTable } : {}),
    });
    const neutral = neutralSyncReport(report);
    if (mode === 'online') return neutral;
    // Frozen: nothing changes any more, so the copy must now be defined exactly as its source.
    const mismatches = await compareDefinitions(this.source, this.target, this.databases, this.options.users ?? [], this.options.definers ?? {});
    return { ...neutral, failures: withMismatches(neutral.failures, mismatches), ok: neutral.ok && mismatches.length === 0 };
  }
}
