import type { CheckReport, CopyFingerprint, CopyProgress, CopyReport, PostImportReport, ReplayReport, SyncReport, UserCopy } from './reports.ts';
import type { DropOutcome, DropProof } from './drops.ts';

export type { DropOutcome, DropProof, DropRefusal } from './drops.ts';
export { describeEndpoint } from './endpoint.ts';
export type { DatabaseUser, Endpoint } from './endpoint.ts';
export type { CheckRequest, PostImportRequest, ReplayRequest } from './check-requests.ts';
import type { DatabaseUser, Endpoint } from './endpoint.ts';
import type { CheckRequest, PostImportRequest, ReplayRequest } from './check-requests.ts';

/**
 * An account that can write to an account's databases, and through what:
 * 'global', 'database', 'table', 'column', 'routine' privileges, 'role r'
 * (granted to it, directly or through other roles), 'PUBLIC', 'proxy of u'.
 */
export interface Writer extends DatabaseUser {
  readonly via: string;
}

/** Where a driver tells what it does. Never receives credentials. */
export interface DriverLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** A whole-account copy: every object of `databases`, and `users` with their grants. */
export interface AccountCopyRequest {
  readonly source: Endpoint;
  readonly target: Endpoint;
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
  /**
   * Drop and recreate what already exists on the target (the caller checked
   * it is the account's own copy): only databases carrying the bot's copy
   * mark are dropped, any other is refused before anything is dropped.
   */
  readonly replaceExisting: boolean;
  /**
   * The servers holding the account's live data besides the source: a target
   * that is one of them, or the source itself, whatever address reaches it,
   * is refused before anything is written.
   */
  readonly live?: readonly Endpoint[];
  /**
   * DEFINER accounts to replace on the copy ('user@host' → 'user@host'),
   * from the migration's and the account's `definers` config. A program whose
   * definer (mapped or not) does not exist on the target fails, 'definer-missing'.
   */
  readonly definers?: Readonly<Record<string, string>>;
  /**
   * Whether the copy's object definitions (and its users', when `users` are
   * copied) are compared with the source's after the copy, each difference a
   * 'definition-mismatch' failure. Default true; a precopy, whose source
   * keeps changing, leaves it to the frozen pass.
   */
  readonly compareDefinitions?: boolean;
  readonly signal?: AbortSignal;
  readonly logger?: DriverLogger;
  readonly onProgress?: (progress: CopyProgress) => void;
}

/**
 * A drop of what the bot left of an account on one server. It is refused
 * whole, nothing dropped, when the server is one of `live` (compared by
 * server identity, not address), when a database fails the proof, or when
 * one of `users` exists unlocked (someone uses that copy again: the bot
 * leaves every copy's users locked). Databases and users already gone are
 * skipped, so a drop that stopped halfway can be run again.
 */
export interface DropRequest {
  readonly endpoint: Endpoint;
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
  /** The servers holding the account's live data (its current server, the operation's source). */
  readonly live: readonly Endpoint[];
  readonly proof: DropProof;
}

/** One pass of a live sync: `onTable` reports bytes compared so far. */
export interface SyncPassOptions {
  readonly signal?: AbortSignal;
  readonly onTable?: (table: string, done: number, total: number) => void;
}

/** What a live sync needs beyond its servers and databases. */
export interface LiveSyncOptions {
  /** The account's users: the frozen pass compares their definitions and grants on both sides. */
  readonly users?: readonly DatabaseUser[];
  /** As AccountCopyRequest.definers, for the programs the frozen pass recreates. */
  readonly definers?: Readonly<Record<string, string>>;
}

/**
 * The passes of one live migration from a source to its target copy, in one
 * executor invocation. It may keep what it measured of the target between
 * passes (so later passes read only the source): sound only because nothing
 * but this operation writes to the target copy. Nothing of it is journaled;
 * a resumed operation opens a new one, which reads both sides again.
 */
export interface LiveSync {
  /** The account still writes: brings the copy closer, from one consistent snapshot. */
  onlinePass(options: SyncPassOptions): Promise<SyncReport>;
  /**
   * Nobody writes any more (the caller holds `holdWrites` on the source, so
   * the pass takes no lock of its own): makes the copy complete (programs, counters) and
   * verifies every table, then compares every object's definition, sequence
   * state, history and user with the source's ('definition-mismatch' failures).
   * A table whose definition changed on the source since the last pass
   * (an index, a constraint, a column's charset, an option) was recreated
   * from the new definition and reloaded whole by that pass.
   */
  frozenPass(options: SyncPassOptions): Promise<SyncReport>;
  /** Forgets what earlier passes kept: the next pass reads both sides. */
  reset(): void;
}

/** Users created on a target, locked, with their grants still to apply (engine statements, opaque to callers). */
export interface PreparedUsers {
  readonly users: readonly { readonly user: DatabaseUser; readonly grants: readonly string[] }[];
}

/**
 * A lock stopping every write to an account's tables, whoever writes
 * (users of other accounts, admins, events), while reads by any session,
 * the driver's sync passes included, go on. Held by one session of the
 * driver: it ends with `release`, or when that session or the process ends.
 */
export interface WriteHold {
  /** Tables (and sequences) locked. */
  readonly tables: number;
  /** Tries it took: each waits a few seconds at most for transactions and locks of other sessions. */
  readonly attempts: number;
  /** Names the lock's session on its server, for the journal: a worker taking the operation over ends it (see holdWrites' `replacing`). */
  readonly holder: string;
  /** Throws when the lock is no longer held (its session ended): writes may have committed since it was taken. */
  check(): Promise<void>;
  /** Ends the lock; idempotent, never throws. */
  release(): Promise<void>;
}

/** A scheduled event of an account: they run as their definer, whatever the lock of the account's users. */
export interface EventRef {
  readonly database: string;
  readonly name: string;
}

/** An object of an account on a server, for checks (what exists, of which kind and storage). */
export interface CatalogueEntry {
  readonly database: string;
  readonly name: string;
  readonly kind: 'table' | 'view' | 'procedure' | 'function' | 'trigger' | 'event';
  /** Storage engine of a table (InnoDB, MyISAM...), null for other objects. */
  readonly storage: string | null;
}

/**
 * What executors may ask of a database engine. Every method opens and
 * closes its own connections; none prints or logs an endpoint's password.
 * Methods taking a source and a target work across two servers of this
 * driver's engine. Errors are plain errors with a redacted message, except
 * where a method says it returns failures as data.
 */
export interface DatabaseDriver {
  /** Data + index bytes of each database (engine estimates), 0 for a database that does not exist. */
  databaseSizes(endpoint: Endpoint, databases: readonly string[]): Promise<{ name: string; bytes: number }[]>;
  /** The version string the server reports, e.g. "11.8.3-MariaDB". */
  serverVersion(endpoint: Endpoint): Promise<string>;
  /** The tables and programs of `databases` on a server; missing databases give nothing. */
  catalogue(endpoint: Endpoint, databases: readonly string[]): Promise<CatalogueEntry[]>;
  /**
   * Copies the account from one consistent snapshot and verifies it. Object
   * failures never stop the copy: they are in the report (`ok` false).
   */
  copyAccount(request: AccountCopyRequest): Promise<CopyReport>;
  /** Opens the sync passes of a live migration (see LiveSync). */
  liveSync(source: Endpoint, target: Endpoint, databases: readonly string[], options?: LiveSyncOptions): LiveSync;
  /**
   * Every account of the server that can write to `databases` (host variants
   * of a name apart), except the endpoint's own session account: what a
   * freeze must stop, or trust, for no write to be lost.
   */
  writers(endpoint: Endpoint, databases: readonly string[]): Promise<Writer[]>;
  /** Which of `users` are locked already: a freeze must leave them locked whatever happens. Names as 'user@host'. */
  lockPlan(endpoint: Endpoint, users: readonly DatabaseUser[]): Promise<{ previouslyLocked: string[] }>;
  /**
   * Locks the users and ends the connections that authenticated as one of
   * them (a connection of another account of the same user name is left);
   * resolves once no write of theirs can commit any more. Idempotent.
   */
  freeze(endpoint: Endpoint, users: readonly DatabaseUser[]): Promise<{ killed: number }>;
  /** Unlocks the users except `previouslyLocked` ('user@host'). Idempotent; never aborted. */
  unfreeze(endpoint: Endpoint, users: readonly DatabaseUser[], previouslyLocked: readonly string[]): Promise<void>;
  /**
   * Locks every table of `databases` against writes (see WriteHold), waiting
   * a few seconds at most per try for what other sessions hold, a few tries;
   * then fails with a UserError naming who holds transactions open. The one
   * method whose connection outlives the call. `replacing` is the `holder` a
   * worker that lost the operation's lease journaled: its session, stalled
   * or alive, still holds the lock and would keep this one from being
   * granted, so it is ended first (only if it is still the bot's own).
   */
  holdWrites(endpoint: Endpoint, databases: readonly string[], options?: { readonly signal?: AbortSignal; readonly replacing?: string }): Promise<WriteHold>;
  /** The events of `databases` that are enabled now. */
  enabledEvents(endpoint: Endpoint, databases: readonly string[]): Promise<EventRef[]>;
  /** Enables or disables these events, each keeping its definer; events gone are skipped. Idempotent; returns how many it changed. */
  setEventsEnabled(endpoint: Endpoint, events: readonly EventRef[], enabled: boolean): Promise<number>;
  /** Creates the source's users on the target, locked, replacing same-named ones; grants are applied later. */
  createUsersLocked(source: Endpoint, target: Endpoint, users: readonly DatabaseUser[]): Promise<PreparedUsers>;
  /** Applies the grants of prepared users (once their databases and programs exist); a failing grant marks its user not ok. */
  applyGrants(target: Endpoint, prepared: PreparedUsers): Promise<UserCopy[]>;
  /** Objects of `databases` on `from` that `to` cannot take as they are (unknown collations...), one line each. */
  incompatibleObjects(from: Endpoint, to: Endpoint, databases: readonly string[]): Promise<string[]>;
  /** The account's databases and users present on a server, as 'database x' / 'user u@h'. */
  existingObjects(endpoint: Endpoint, databases: readonly string[], users: readonly DatabaseUser[]): Promise<string[]>;
  /** Runs the migration's compatibility rules against an account: read only, seconds. */
  checkAccount(request: CheckRequest): Promise<CheckReport>;
  /** Replays the account's read queries on both servers and reports what differs; never writes on the source. */
  replayQueries(request: ReplayRequest): Promise<ReplayReport>;
  /**
   * Checks a copy on the server of the new version: every table checked for
   * upgrade, every view read once (no row), every routine parsed, every
   * trigger and event compiled again in a scratch database made and dropped
   * on that server. The copy itself is never changed; never call it on an
   * account's own server. What fails is in the report, by object.
   */
  postImportChecks(request: PostImportRequest): Promise<PostImportReport>;
  /** The id of every compatibility rule this driver has, both directions: what a migration's `checks.disabled` may name. */
  checkRuleIds(): readonly string[];
  /** Whether two endpoints reach one server, whatever address, port forward or admin user each goes through. */
  sameServer(a: Endpoint, b: Endpoint): Promise<boolean>;
  /** The digests of `databases` (definitions and every row: reads them all) to compare later; see CopyFingerprint. */
  fingerprint(endpoint: Endpoint, databases: readonly string[]): Promise<CopyFingerprint>;
  /** Drops an account's databases and users the bot left on a server, all or nothing: see DropRequest. */
  dropCopy(request: DropRequest): Promise<DropOutcome>;
}
