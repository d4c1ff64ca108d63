/** What `/migrate check`, the post-import checks and the query replay ask of a driver (DatabaseDriver in driver.ts). */
import type { DatabaseUser, Endpoint } from './endpoint.ts';

/** What `/migrate check` asks a driver: the migration's rules run against one account. */
export interface CheckRequest {
  /** The account's current server: read only, never written. */
  readonly source: Endpoint;
  /** The server the account would move to, for the rules about its settings; null when none can be reached (they then say nothing). */
  readonly target: Endpoint | null;
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
  /** Version the account is on now and version it would move to ('10.11', '11.8.3-MariaDB'...): they pick the rule set. */
  readonly fromVersion: string;
  readonly toVersion: string;
  /** 'rollback': what the older `toVersion` could not take back from `fromVersion`. */
  readonly direction: 'upgrade' | 'rollback';
  /** Rule ids the migration turns off. */
  readonly disabledRules: readonly string[];
  /** As AccountCopyRequest.definers: a DEFINER the copy will replace is judged by its replacement. */
  readonly definers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** What `postImportChecks` checks: the account's databases as copied to a server the bot owns. */
export interface PostImportRequest {
  /** A temporary server holding the copy: the checks create and drop a scratch database there. */
  readonly target: Endpoint;
  readonly databases: readonly string[];
  readonly signal?: AbortSignal;
  /** Called after each object checked, for progress (`object` as 'database.name'). */
  readonly onObject?: (done: number, total: number, object: string) => void;
}

/**
 * A query replay: the account's read queries run on its server and on a
 * copy of it, to compare results, warnings, plans and latency.
 */
export interface ReplayRequest {
  /** The account's server: only ever read, each query inside a read-only transaction. */
  readonly source: Endpoint;
  /** The copy (a temporary server holding the same data). */
  readonly target: Endpoint;
  readonly databases: readonly string[];
  /**
   * A query log file (general or slow log format) on the bot's host: where
   * queries come from when the source's statement digests give none.
   */
  readonly queryLog?: string;
  /** At most this many distinct queries. */
  readonly maxQueries: number;
  /** Wall-clock time for the whole replay; queries left when it is spent are counted, not run. */
  readonly budgetMs: number;
  /** Runs of each query on each side; latencies are their medians. */
  readonly runs: number;
  /** A query is a latency regression when its target median is at least this many times the source's (and slower by 5 ms at least). */
  readonly slowRatio: number;
  readonly signal?: AbortSignal;
  /** Called after each query, for progress. */
  readonly onQuery?: (done: number, total: number) => void;
}
