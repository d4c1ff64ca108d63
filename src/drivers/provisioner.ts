import type { DatabaseUser, Endpoint } from './driver.ts';

/** What a test needs from a temporary server. */
export interface TemporaryServerSpec {
  /** Unique id chosen by the caller; names the data directory, container, lease. */
  readonly id: string;
  /** Target version family, e.g. "11.8". */
  readonly version: string;
  /** Bytes of data the server will hold, to size its buffer pool. */
  readonly dataBytes: number;
}

/** A running server handed out by a provisioner. */
export interface ProvisionedServer {
  readonly endpoint: Endpoint;
  /** Full version reported by the server, e.g. "11.8.3-MariaDB-0+deb13u1". */
  readonly version: string;
  /**
   * JSON-serialisable facts the same provisioner needs to destroy or adopt
   * this server after a bot restart (pid, directory, lease, container id...).
   * Stored in the state database.
   */
  readonly handle: Readonly<Record<string, unknown>>;
}

/** Reports what a provisioner is doing while it works ("building image mariadb-11.8"). */
export type ProvisionNote = (note: string) => void;

/**
 * Creates and destroys temporary servers of one kind.
 * Contract: `create` resolves only when the server accepts connections with
 * the returned endpoint; it throws a UserError when the environment cannot
 * provide the server (image missing and not buildable, pool exhausted), with
 * a message saying how to fix it. `destroy` is idempotent and never throws
 * for a server that is already gone. `isAlive` never throws.
 */
export interface Provisioner {
  create(spec: TemporaryServerSpec, note?: ProvisionNote, signal?: AbortSignal): Promise<ProvisionedServer>;
  destroy(handle: Readonly<Record<string, unknown>>): Promise<void>;
  isAlive(handle: Readonly<Record<string, unknown>>): Promise<boolean>;
  /**
   * For provisioners that lend a shared server instead of starting one: records
   * what a test is about to create there, so that `destroy` drops it even after
   * a restart. Called before the copy creates them.
   */
  recordCreated?(handle: Readonly<Record<string, unknown>>, what: { databases?: readonly string[]; users?: readonly DatabaseUser[] }): Promise<void>;
  /**
   * For provisioners that lend a shared server, whose admin credentials are
   * not the requester's to have: a user of the server with privileges on
   * `databases` alone and a random password, shown to the requester instead.
   * `destroy` drops it; calling this again replaces its password. Without
   * this method, the temporary server is the test's own and its admin
   * credentials are shown.
   */
  accessFor?(handle: Readonly<Record<string, unknown>>, databases: readonly string[]): Promise<{ readonly user: string; readonly password: string }>;
}
