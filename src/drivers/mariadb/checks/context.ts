/**
 * What a rule reads: the account's objects on its current server (loaded
 * once per check, shared by every rule) and the settings of both servers.
 * Every session is READ ONLY: a check never writes.
 */
import type { DatabaseUser, Endpoint } from '../../driver.ts';
import { openSession, type Row, type Session } from '../copier/connections.ts';

export interface TableRow {
  readonly database: string;
  readonly name: string;
  /** 'BASE TABLE', 'VIEW', 'SEQUENCE', 'SYSTEM VERSIONED'. */
  readonly type: string;
  readonly engine: string | null;
  readonly collation: string | null;
  readonly createOptions: string;
}

export interface ColumnRow {
  readonly database: string;
  readonly table: string;
  readonly name: string;
  readonly dataType: string;
  /** The full type: 'enum(...)', 'varchar(20)'. */
  readonly columnType: string;
  readonly charset: string | null;
  readonly collation: string | null;
  /** As information_schema gives it: quoted literal, NULL, an expression. */
  readonly defaultValue: string | null;
  readonly generation: string | null;
  readonly extra: string;
}

/** A view, routine, trigger or event, with its body: rules search these. */
export interface ProgramRow {
  readonly database: string;
  readonly name: string;
  readonly kind: 'view' | 'procedure' | 'function' | 'trigger' | 'event';
  readonly body: string;
  /** 'user@host'. */
  readonly definer: string;
  readonly sqlMode: string | null;
  /** Events: 'ENABLED', 'DISABLED', 'SLAVESIDE_DISABLED'; null for others. */
  readonly status: string | null;
  /** Events: the time zone they were created in ('SYSTEM', '+00:00'...); null for others. */
  readonly timeZone: string | null;
}

export interface CheckContext {
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
  /** DEFINER accounts the copy will replace ('old@host' → 'new@host', CheckRequest.definers); {} when none are mapped. */
  readonly definers: Readonly<Record<string, string>>;
  /** The version the account is on and the one it would move to. */
  readonly fromVersion: string;
  readonly toVersion: string;
  /** Rows of a read-only query on the account's current server. */
  source(sql: string, values?: unknown[]): Promise<Row[]>;
  /** Rows of a read-only query on the target server; null when none can be reached (its rules then find nothing). */
  readonly target: ((sql: string, values?: unknown[]) => Promise<Row[]>) | null;
  tables(): Promise<readonly TableRow[]>;
  columns(): Promise<readonly ColumnRow[]>;
  programs(): Promise<readonly ProgramRow[]>;
  /** A global variable of one side (lower-case name), null when that server has no such variable or no target is reachable. */
  variable(side: 'source' | 'target', name: string): Promise<string | null>;
}

const text = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value.toString();
  throw new TypeError(`an information_schema value of type ${typeof value} is not text`);
};
const req = (value: unknown): string => text(value) ?? '';

/** The sessions of one check and what they loaded; `close` ends them. */
export class MariadbCheckContext implements CheckContext {
  private readonly cache = new Map<string, Promise<unknown>>();
  readonly target: CheckContext['target'];

  private constructor(
    private readonly sourceSession: Session,
    private readonly targetSession: Session | null,
    readonly databases: readonly string[],
    readonly users: readonly DatabaseUser[],
    readonly fromVersion: string,
    readonly toVersion: string,
    readonly definers: Readonly<Record<string, string>>,
  ) {
    const t = targetSession;
    this.target = t ? (sql, values) => t.rows(sql, values) : null;
  }

  static async open(request: {
    source: Endpoint; target: Endpoint | null; databases: readonly string[]; users: readonly DatabaseUser[];
    fromVersion: string; toVersion: string; definers?: Readonly<Record<string, string>>; signal?: AbortSignal;
  }): Promise<MariadbCheckContext> {
    const readOnly = ['SET SESSION TRANSACTION READ ONLY'];
    const source = await openSession(request.source, 'source', readOnly, request.signal);
    let target: Session | null = null;
    try {
      if (request.target) target = await openSession(request.target, 'target', readOnly, request.signal);
    } catch (error) {
      source.destroy();
      throw error;
    }
    return new MariadbCheckContext(source, target, request.databases, request.users, request.fromVersion, request.toVersion,
      request.definers ?? {});
  }

  source(sql: string, values?: unknown[]): Promise<Row[]> {
    return this.sourceSession.rows(sql, values);
  }

  async close(): Promise<void> {
    await Promise.all([this.sourceSession.close(), this.targetSession?.close()]);
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      this.cache.set(key, hit);
    }
    return hit;
  }

  private inDatabases(column: string): { where: string; values: string[] } {
    const values = [...this.databases];
    return { where: `${column} IN (${values.map(() => '?').join(',') || 'NULL'})`, values };
  }

  tables(): Promise<readonly TableRow[]> {
    return this.once('tables', async () => {
      const { where, values } = this.inDatabases('table_schema');
      const rows = await this.source(`SELECT table_schema AS db, table_name AS name, table_type AS type, engine, table_collation AS coll,
        create_options AS opts FROM information_schema.tables WHERE ${where} ORDER BY 1, 2`, values);
      return rows.map((r) => ({
        database: req(r['db']), name: req(r['name']), type: req(r['type']), engine: text(r['engine']),
        collation: text(r['coll']), createOptions: req(r['opts']),
      }));
    });
  }

  columns(): Promise<readonly ColumnRow[]> {
    return this.once('columns', async () => {
      const { where, values } = this.inDatabases('table_schema');
      const rows = await this.source(`SELECT table_schema AS db, table_name AS tbl, column_name AS name, data_type AS dt, column_type AS ct,
        character_set_name AS cs, collation_name AS coll, column_default AS def, generation_expression AS gen, extra
        FROM information_schema.columns WHERE ${where} ORDER BY 1, 2, ordinal_position`, values);
      return rows.map((r) => ({
        database: req(r['db']), table: req(r['tbl']), name: req(r['name']), dataType: req(r['dt']).toLowerCase(), columnType: req(r['ct']),
        charset: text(r['cs']), collation: text(r['coll']), defaultValue: text(r['def']), generation: text(r['gen']), extra: req(r['extra']),
      }));
    });
  }

  programs(): Promise<readonly ProgramRow[]> {
    return this.once('programs', async () => {
      const t = this.inDatabases('table_schema');
      const r = this.inDatabases('routine_schema');
      const g = this.inDatabases('trigger_schema');
      const e = this.inDatabases('event_schema');
      const rows = await this.source(`
        SELECT table_schema AS db, table_name AS name, 'view' AS kind, view_definition AS body, definer, NULL AS mode, NULL AS status, NULL AS tz
          FROM information_schema.views WHERE ${t.where}
        UNION ALL SELECT routine_schema, routine_name, LOWER(routine_type), routine_definition, definer, sql_mode, NULL, NULL
          FROM information_schema.routines WHERE ${r.where}
        UNION ALL SELECT trigger_schema, trigger_name, 'trigger', action_statement, definer, sql_mode, NULL, NULL
          FROM information_schema.triggers WHERE ${g.where}
        UNION ALL SELECT event_schema, event_name, 'event', event_definition, definer, sql_mode, status, time_zone
          FROM information_schema.events WHERE ${e.where}
        ORDER BY 1, 3, 2`, [...t.values, ...r.values, ...g.values, ...e.values]);
      return rows.map((row) => ({
        database: req(row['db']), name: req(row['name']), kind: req(row['kind']) as ProgramRow['kind'], body: req(row['body']),
        definer: req(row['definer']), sqlMode: text(row['mode']), status: text(row['status']), timeZone: text(row['tz']),
      }));
    });
  }

  async variable(side: 'source' | 'target', name: string): Promise<string | null> {
    const all = await this.once(`variables:${side}`, async () => {
      const query = side === 'source' ? (sql: string) => this.source(sql) : this.target;
      if (!query) return new Map<string, string>();
      const rows = await query('SHOW GLOBAL VARIABLES');
      return new Map(rows.map((row) => [req(row['Variable_name']).toLowerCase(), req(row['Value'])]));
    });
    return all.get(name.toLowerCase()) ?? null;
  }
}
