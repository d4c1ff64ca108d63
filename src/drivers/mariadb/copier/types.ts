import type { DatabaseUser, Endpoint } from '../../driver.ts';
import type { VerificationEntry } from '../verify/types.ts';
import type { SourceSnapshot } from './snapshot.ts';

/** The step of a copy a progress event belongs to. */
export type CopyPhase = 'schema' | 'data' | 'routines' | 'users' | 'verify';

/**
 * A progress event. `bytesDone`/`bytesTotal`/`rowsDone`/`rate`/`etaSeconds`
 * are account-wide (bytes are row bytes as sent; the total is the
 * information_schema data_length estimate, raised to bytesDone when exceeded).
 * `database`/`table` name the object that just progressed, when there is one.
 * Emitted often: the caller throttles.
 */
export interface CopyProgress {
  readonly phase: CopyPhase;
  readonly database?: string;
  readonly table?: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly rowsDone: number;
  /** Bytes per second since the data phase started. */
  readonly rate: number;
  /** Null until a rate is known. */
  readonly etaSeconds: number | null;
}

/** Kinds of objects a failure can be about. */
export type ObjectKind =
  | 'database' | 'table' | 'data' | 'view' | 'procedure' | 'function' | 'trigger' | 'event'
  | 'sequence' | 'user' | 'role' | 'grant' | 'verify';

/**
 * One object that could not be copied. `statement` is a redacted excerpt
 * (<= 300 chars, never a password or hash); errno/sqlState come from the
 * server when it answered, null for client-side failures.
 */
export interface ObjectFailure {
  readonly database: string;
  readonly object: string;
  readonly kind: ObjectKind;
  readonly statement: string;
  readonly errno: number | null;
  readonly sqlState: string | null;
  readonly message: string;
}

/** Something copied fine under the source's sql_mode that the target's default sql_mode would reject. */
export interface CompatibilityWarning {
  readonly database: string;
  readonly table: string;
  readonly column: string;
  readonly kind: 'zero-date-default' | 'zero-date-values';
  /** Rows holding zero or partly zero dates (for 'zero-date-values'). */
  readonly count: number;
  /** The sql_mode the object was checked against. */
  readonly sqlMode: string;
}

/** Per-database totals of a copy. */
export interface DatabaseReport {
  readonly name: string;
  readonly tables: number;
  readonly rows: number;
  readonly bytes: number;
  readonly durationMs: number;
  readonly failures: number;
}

/** What a copy did; JSON-serialisable, holds no credentials. `ok` is false when any failure was recorded. */
export interface CopyReport {
  readonly ok: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly databases: DatabaseReport[];
  readonly totals: { readonly tables: number; readonly rows: number; readonly bytes: number };
  readonly users: { readonly user: string; readonly host: string; readonly ok: boolean }[];
  readonly failures: ObjectFailure[];
  readonly compatibilityWarnings: CompatibilityWarning[];
  readonly warnings: string[];
  readonly verification: VerificationEntry[];
}

/** Where the copier tells what it does. Never receives credentials. */
export interface CopyLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** A copy of some databases and users of one account from `source` to `target`. */
export interface CopyRequest {
  readonly source: Endpoint;
  readonly target: Endpoint;
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
  /** Source snapshot connections, each paired with a target connection (default 4). */
  readonly parallelism?: number;
  readonly onProgress?: (progress: CopyProgress) => void;
  readonly signal?: AbortSignal;
  readonly logger?: CopyLogger;
  /**
   * Drop and recreate databases and users that already exist on the target
   * (a new test replacing the previous one, a final copy over a precopy).
   * When false (default) an existing database is refused with a UserError;
   * when true, so is one that lacks the bot's copy mark (copy-mark.ts).
   */
  readonly replaceExisting?: boolean;
  /** Servers holding the account's live data: a target that is one of them (or the source) is refused. */
  readonly live?: readonly Endpoint[];
  /** 'checksums' (default) compares counts and checksums; 'counts' only row counts; 'none' skips. */
  readonly verify?: 'checksums' | 'counts' | 'none';
  /**
   * DEFINER accounts replaced when views, routines, triggers and events are
   * created (`"root@127.0.0.1": "acme_app@%"`); any other definer is kept,
   * and one that does not exist on the target is a failure of that object.
   */
  readonly definers?: Readonly<Record<string, string>>;
  /** sql_mode to check compatibility against; default: the target's global sql_mode. */
  readonly compatibilitySqlMode?: string;
  /**
   * Runs while the source snapshot is still open, after data copy and
   * verification (e.g. chunked checksums of the precopied state, that a
   * live migration later compares with the frozen account).
   */
  readonly keepSnapshotFor?: (snapshot: SourceSnapshot) => Promise<void>;
}
