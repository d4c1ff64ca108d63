import type { AccountConfig, MigrationConfig } from '../config/schema.ts';

/** What a test import's query replay runs with, defaults filled in. */
export interface ReplaySettings {
  readonly enabled: boolean;
  readonly queryLog?: string;
  readonly maxQueries: number;
  readonly budgetMs: number;
  readonly runs: number;
  readonly slowRatio: number;
}

/**
 * The migration's `replay` config, overridden field by field by the
 * account's. Defaults: on, at most 200 queries within 30 s, 3 runs per
 * query on each server, slower from twice the source's latency.
 */
export function replaySettings(account: AccountConfig, migration: MigrationConfig): ReplaySettings {
  const merged = { ...migration.replay, ...account.replay };
  return {
    enabled: merged.enabled ?? true,
    ...(merged.queryLog !== undefined ? { queryLog: merged.queryLog } : {}),
    maxQueries: merged.maxQueries ?? 200,
    budgetMs: (merged.budgetSeconds ?? 30) * 1000,
    runs: merged.runs ?? 3,
    slowRatio: merged.slowRatio ?? 2,
  };
}
