import { cellText, type Session } from './connections.ts';

/** A column as the copier needs it. */
export interface ColumnInfo {
  readonly name: string;
  /** information_schema DATA_TYPE, lower case ('varchar', 'bit', 'point'...). */
  readonly dataType: string;
  readonly columnType: string;
  /** VIRTUAL or STORED generated: never loaded, the target computes it. */
  readonly generated: boolean;
  readonly nullable: boolean;
  /** information_schema COLUMN_DEFAULT (MariaDB quotes string defaults). */
  readonly defaultValue: string | null;
  /** The declared ROW START or ROW END column of a system-versioned table. */
  readonly period?: 'start' | 'end';
}

/** A base table (or sequence) of the source. */
export interface TableInfo {
  readonly database: string;
  readonly name: string;
  readonly tableType: string;
  readonly engine: string | null;
  /** data_length + index_length estimate; drives progress and range splitting. */
  readonly dataBytes: number;
  readonly rowsEstimate: number;
  readonly columns: ColumnInfo[];
  readonly primaryKey: string[];
  /**
   * System-versioned tables: the columns of their SYSTEM_TIME period (the
   * implicit ROW_START/ROW_END, or the declared ones, which are not in
   * `columns`), and the target's "still current" row_end, set by the copy
   * once both servers are known (10.11 ends at 2038, 11.5+ at 2106).
   */
  readonly history?: { readonly start: string; readonly end: string; readonly targetEnd?: string };
}

/**
 * Whether a table's rows are its own, to load and verify: a sequence's
 * state is set by SETVAL, and a MERGE table's rows are those of the MyISAM
 * tables it unites (copied on their own; loading it too would insert them
 * twice, into its INSERT_METHOD table).
 */
export function holdsOwnRows(table: TableInfo): boolean {
  return table.tableType !== 'SEQUENCE' && !isMerge(table);
}

/** A MERGE table: a view-like union of MyISAM tables, with no rows of its own. */
export const isMerge = (table: TableInfo): boolean => table.engine?.toUpperCase() === 'MRG_MYISAM';

/** An object copied from its SHOW CREATE statement. */
export interface ProgramObject {
  readonly name: string;
  readonly kind: 'view' | 'procedure' | 'function' | 'trigger' | 'event';
  /** 'user@host' as stored in information_schema DEFINER. */
  readonly definer: string;
}

/** Everything the copier copies from one database. */
export interface DatabaseCatalog {
  readonly name: string;
  readonly charset: string;
  readonly collation: string;
  readonly tables: TableInfo[];
  readonly views: ProgramObject[];
  readonly routines: ProgramObject[];
  readonly triggers: ProgramObject[];
  readonly events: ProgramObject[];
}

const str = (v: unknown): string => cellText(v) ?? '';

/** Reads the catalog of `databases` in one round of information_schema queries. */
export async function readCatalog(session: Session, databases: readonly string[]): Promise<DatabaseCatalog[]> {
  const dbs = [...databases];
  const marks = dbs.map(() => '?').join(',');
  const [schemata, tables, columns, keys, views, routines, triggers, events] = await Promise.all([
    session.rows(`SELECT SCHEMA_NAME n, DEFAULT_CHARACTER_SET_NAME cs, DEFAULT_COLLATION_NAME co
      FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${marks})`, dbs),
    session.rows(`SELECT TABLE_SCHEMA d, TABLE_NAME n, TABLE_TYPE t, ENGINE e, DATA_LENGTH + INDEX_LENGTH b, TABLE_ROWS r
      FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${marks}) AND TABLE_TYPE <> 'VIEW' ORDER BY TABLE_NAME`, dbs),
    session.rows(`SELECT TABLE_SCHEMA d, TABLE_NAME t, COLUMN_NAME n, DATA_TYPE dt, COLUMN_TYPE ct, EXTRA x,
      IS_NULLABLE nl, COLUMN_DEFAULT df, GENERATION_EXPRESSION ge FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (${marks})
      ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`, dbs),
    session.rows(`SELECT TABLE_SCHEMA d, TABLE_NAME t, COLUMN_NAME n FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA IN (${marks}) AND INDEX_NAME = 'PRIMARY' ORDER BY TABLE_SCHEMA, TABLE_NAME, SEQ_IN_INDEX`, dbs),
    session.rows(`SELECT TABLE_SCHEMA d, TABLE_NAME n, DEFINER df FROM information_schema.VIEWS
      WHERE TABLE_SCHEMA IN (${marks}) ORDER BY TABLE_NAME`, dbs),
    session.rows(`SELECT ROUTINE_SCHEMA d, ROUTINE_NAME n, ROUTINE_TYPE k, DEFINER df FROM information_schema.ROUTINES
      WHERE ROUTINE_SCHEMA IN (${marks}) AND ROUTINE_TYPE IN ('PROCEDURE','FUNCTION') ORDER BY ROUTINE_NAME`, dbs),
    session.rows(`SELECT TRIGGER_SCHEMA d, TRIGGER_NAME n, DEFINER df FROM information_schema.TRIGGERS
      WHERE TRIGGER_SCHEMA IN (${marks}) ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER`, dbs),
    session.rows(`SELECT EVENT_SCHEMA d, EVENT_NAME n, DEFINER df FROM information_schema.EVENTS
      WHERE EVENT_SCHEMA IN (${marks}) ORDER BY EVENT_NAME`, dbs),
  ]);
  const key = (d: unknown, t: unknown): string => `${str(d)}\u0000${str(t)}`;
  const columnsOf = new Map<string, ColumnInfo[]>();
  for (const c of columns) {
    const list = columnsOf.get(key(c['d'], c['t'])) ?? [];
    const extra = str(c['x']).toUpperCase();
    list.push({
      name: str(c['n']), dataType: str(c['dt']).toLowerCase(), columnType: str(c['ct']),
      generated: extra.includes('GENERATED') || extra.includes('VIRTUAL') || extra.includes('PERSISTENT'),
      // Declared period columns are generated ones whose "expression" is ROW START or ROW END.
      ...(c['ge'] === 'ROW START' || c['ge'] === 'ROW END' ? { period: c['ge'] === 'ROW START' ? 'start' as const : 'end' as const } : {}),
      nullable: c['nl'] === 'YES', defaultValue: c['df'] === null ? null : str(c['df']),
    });
    columnsOf.set(key(c['d'], c['t']), list);
  }
  const pkOf = new Map<string, string[]>();
  for (const k of keys) pkOf.set(key(k['d'], k['t']), [...(pkOf.get(key(k['d'], k['t'])) ?? []), str(k['n'])]);
  const program = (rows: typeof views, db: string, kind: (r: (typeof rows)[number]) => ProgramObject['kind']): ProgramObject[] =>
    rows.filter((r) => r['d'] === db).map((r) => ({ name: str(r['n']), kind: kind(r), definer: str(r['df']) }));
  return dbs.filter((db) => schemata.some((s) => s['n'] === db)).map((db) => {
    const schema = schemata.find((s) => s['n'] === db);
    return {
      name: db,
      charset: str(schema?.['cs']),
      collation: str(schema?.['co']),
      tables: tables.filter((t) => t['d'] === db).map((t) => {
        const all = columnsOf.get(key(db, t['n'])) ?? [];
        const start = all.find((c) => c.period === 'start')?.name ?? 'row_start';
        const end = all.find((c) => c.period === 'end')?.name ?? 'row_end';
        return {
          database: db, name: str(t['n']), tableType: str(t['t']), engine: t['e'] === null ? null : str(t['e']),
          dataBytes: Number(t['b'] ?? 0), rowsEstimate: Number(t['r'] ?? 0),
          columns: all.filter((c) => c.period === undefined), primaryKey: (pkOf.get(key(db, t['n'])) ?? []).filter((k) => k !== end),
          ...(str(t['t']) === 'SYSTEM VERSIONED' ? { history: { start, end } } : {}),
        };
      }),
      views: program(views, db, () => 'view'),
      routines: program(routines, db, (r) => (r['k'] === 'FUNCTION' ? 'function' : 'procedure')),
      triggers: program(triggers, db, () => 'trigger'),
      events: program(events, db, () => 'event'),
    };
  });
}

