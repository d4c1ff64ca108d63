import { hostname } from 'node:os';
import mysql from 'mysql2/promise';
import { z } from 'zod';
import { UserError } from '../../../errors.ts';
import { describeEndpoint, type DatabaseUser, type Endpoint } from '../../driver.ts';
import type { ProvisionNote, ProvisionedServer, Provisioner, TemporaryServerSpec } from '../../provisioner.ts';
import { versionMatches } from './local-runtime.ts';
import { LEASE_DB, dropCreated, ensureLeaseSchema, readCreated } from './static-lease.ts';
import { createTestAccess, type TestAccess } from './static-access.ts';

/** One existing server of the pool, from config. */
export interface StaticServerConfig extends Endpoint {
  /** Version family it runs, e.g. "10.11". */
  readonly version: string;
}

const handleSchema = z.object({
  provisioner: z.literal('static'),
  id: z.string(),
  host: z.string(),
  port: z.number().int(),
  created: z.object({
    databases: z.array(z.string()),
    users: z.array(z.object({ user: z.string(), host: z.string() })),
  }).optional(),
});
type StaticHandle = z.infer<typeof handleSchema>;

/**
 * Temporary servers from a fixed pool of existing servers, one test per
 * server at a time. The lease is a row in the server itself
 * (`migrate_bot_lease.lease`, primary key slot = 1, holding the spec id), so
 * it survives bot restarts and excludes other bot processes and hosts
 * without any lock server: the INSERT either wins the key or does not. A
 * lease is released by destroy(); a lease lost with its handle is released
 * by deleting that row by hand.
 *
 * What a test creates on the server must be recorded with recordCreated()
 * (stored in the same database), so destroy() can drop it even after a restart.
 * The requester gets a user of their own (accessFor), never the pool's admin.
 */
export class StaticProvisioner implements Provisioner {
  constructor(private readonly servers: readonly StaticServerConfig[]) {}

  async create(spec: TemporaryServerSpec, note?: ProvisionNote): Promise<ProvisionedServer> {
    const candidates = this.servers.filter((server) => versionMatches(server.version, spec.version));
    if (candidates.length === 0) {
      throw new UserError('pool-no-version', { version: spec.version, versions: [...new Set(this.servers.map((s) => s.version))].join(', ') || '-' });
    }
    const unreachable: string[] = [];
    for (const server of candidates) {
      let connection: mysql.Connection | undefined;
      try {
        connection = await mysql.createConnection({ ...endpointOf(server), connectTimeout: 5_000 });
      } catch (error) {
        unreachable.push(describeEndpoint(server));
        note?.(`pool server ${describeEndpoint(server)} unreachable: ${(error as { code?: string }).code ?? 'error'}`);
        continue;
      }
      try {
        await ensureLeaseSchema(connection);
        await connection.query(`INSERT IGNORE INTO ${LEASE_DB}.lease (slot, spec_id, holder) VALUES (1, ?, ?)`, [spec.id, `${hostname()}:${process.pid}`]);
        const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT spec_id FROM ${LEASE_DB}.lease WHERE slot = 1`);
        if (rows[0]?.['spec_id'] !== spec.id) continue;
        // Same id again (a job re-run after a crash): start from a clean server.
        await dropCreated(connection, spec.id, { databases: [], users: [] }, server.user);
        const [versionRows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version');
        const version = String(versionRows[0]?.['version'] ?? server.version);
        const handle: StaticHandle = { provisioner: 'static', id: spec.id, host: server.host, port: server.port, created: { databases: [], users: [] } };
        return { endpoint: endpointOf(server), version, handle };
      } finally {
        await connection.end().catch(() => undefined);
      }
    }
    throw new UserError('pool-exhausted', { version: spec.version, size: candidates.length, unreachable: unreachable.join(', ') || '-' });
  }

  /**
   * Records databases and users the test created on the leased server, so
   * destroy() drops them. Call it before creating them: dropping a name that
   * was never created is harmless, forgetting one that was is not.
   */
  async recordCreated(raw: Readonly<Record<string, unknown>>, what: { databases?: readonly string[]; users?: readonly DatabaseUser[] }): Promise<void> {
    const handle = parseHandle(raw);
    await this.withServer(handle, async (connection) => {
      for (const name of what.databases ?? []) {
        await connection.query(`INSERT IGNORE INTO ${LEASE_DB}.created (spec_id, kind, name, host) VALUES (?, 'database', ?, '')`, [handle.id, name]);
      }
      for (const user of what.users ?? []) {
        await connection.query(`INSERT IGNORE INTO ${LEASE_DB}.created (spec_id, kind, name, host) VALUES (?, 'user', ?, ?)`, [handle.id, user.user, user.host]);
      }
    });
  }

  /** The requester's user on the leased server, limited to the account's databases (see Provisioner.accessFor). */
  async accessFor(raw: Readonly<Record<string, unknown>>, databases: readonly string[]): Promise<TestAccess> {
    const handle = parseHandle(raw);
    return this.withServer(handle, (connection) => createTestAccess(connection, handle.id, databases));
  }

  /** Drops every recorded database (those with the bot's copy mark) and user, then releases the lease. Idempotent. */
  async destroy(raw: Readonly<Record<string, unknown>>): Promise<void> {
    const handle = parseHandle(raw);
    await this.withServer(handle, async (connection) => {
      await ensureLeaseSchema(connection);
      const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT spec_id FROM ${LEASE_DB}.lease WHERE slot = 1`);
      const holder = rows[0]?.['spec_id'] as string | undefined;
      // Another test holds the server now: ours was released and cleaned already.
      if (holder !== undefined && holder !== handle.id) return;
      await dropCreated(connection, handle.id, handle.created ?? { databases: [], users: [] }, this.configOf(handle).user);
      await connection.query(`DELETE FROM ${LEASE_DB}.lease WHERE slot = 1 AND spec_id = ?`, [handle.id]);
    });
  }

  async isAlive(raw: Readonly<Record<string, unknown>>): Promise<boolean> {
    try {
      const handle = parseHandle(raw);
      return await this.withServer(handle, async (connection) => {
        const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT spec_id FROM ${LEASE_DB}.lease WHERE slot = 1`);
        return rows[0]?.['spec_id'] === handle.id;
      });
    } catch {
      return false;
    }
  }

  /** What is recorded for a lease (for reports and tests). */
  async created(raw: Readonly<Record<string, unknown>>): Promise<{ databases: string[]; users: DatabaseUser[] }> {
    const handle = parseHandle(raw);
    return this.withServer(handle, (connection) => readCreated(connection, handle.id));
  }

  private configOf(handle: StaticHandle): StaticServerConfig {
    const server = this.servers.find((s) => s.host === handle.host && s.port === handle.port);
    if (server === undefined) throw new Error(`static server ${handle.host}:${handle.port} is no longer in the pool configuration`);
    return server;
  }

  private async withServer<T>(handle: StaticHandle, work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
    const connection = await mysql.createConnection({ ...endpointOf(this.configOf(handle)), connectTimeout: 5_000 });
    try {
      return await work(connection);
    } finally {
      await connection.end().catch(() => undefined);
    }
  }
}

function endpointOf(server: StaticServerConfig): Endpoint {
  return { host: server.host, port: server.port, user: server.user, password: server.password };
}

function parseHandle(raw: Readonly<Record<string, unknown>>): StaticHandle {
  const parsed = handleSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`not a static provisioner handle: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}
