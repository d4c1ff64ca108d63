import type { DatabaseCatalog, TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import type { CopyJournal } from '../copier/failures.ts';
import { qualified } from '../copier/quote.ts';
import { createDatabase, createTables } from '../copier/schema.ts';
import { changedTables } from './table-definitions.ts';
import type { TargetChecksums } from './target-checksums.ts';

/** Columns, key and type: what checksums kept for a table were measured over (the diff recreates a table whose definition changed). */
export function shapeOf(table: TableInfo): string {
  return JSON.stringify([table.tableType, table.primaryKey, table.columns.map((c) => [c.name, c.columnType.toLowerCase(), c.nullable, c.generated])]);
}

/** What the catalogue diff left for the data part of the pass. */
export interface CatalogDiff {
  /** Tables whose rows are compared (sequences are carried by the frozen pass instead). */
  readonly dataTables: TableInfo[];
  /** Tables just (re)created on the target: copied whole, nothing to compare. */
  readonly whole: ReadonlySet<TableInfo>;
  /** Databases whose target copy could change without this run (events there may write): never kept. */
  readonly unkept: ReadonlySet<string>;
  readonly tablesRecreated: number;
  readonly tablesDropped: number;
}

const DROP: Record<string, string> = { view: 'VIEW', procedure: 'PROCEDURE', function: 'FUNCTION', trigger: 'TRIGGER', event: 'EVENT' };

/** Triggers go before any reload so reloading fires none; a frozen pass drops every program and recreates them all at its end. */
async function dropPrograms(target: Session, db: DatabaseCatalog, triggersOnly: boolean): Promise<void> {
  const objects = triggersOnly ? db.triggers : [...db.triggers, ...db.views, ...db.routines, ...db.events];
  for (const o of objects) await target.exec(`DROP ${DROP[o.kind] ?? 'VIEW'} IF EXISTS ${qualified(db.name, o.name)}`);
}

/**
 * Brings the target's catalogue in line with the source's before any data
 * moves: databases created, tables gone from the source dropped, tables new
 * or defined differently (any change of SHOW CREATE: a column, an index, a
 * constraint, a charset or collation, a default, an engine or option, a
 * sequence's options) recreated empty from the source's definition, so
 * their rows are reloaded into the new definition, never the old one;
 * programs dropped (see dropPrograms).
 * Kept checksums of every table touched here are forgotten.
 */
export async function diffCatalogs(
  control: Session, targetControl: Session, sources: readonly DatabaseCatalog[], targets: readonly DatabaseCatalog[],
  mode: 'online' | 'frozen', kept: TargetChecksums | undefined, journal: CopyJournal,
): Promise<CatalogDiff> {
  let tablesRecreated = 0;
  let tablesDropped = 0;
  const whole = new Set<TableInfo>();
  const dataTables: TableInfo[] = [];
  // Checked on the target before a frozen pass drops the events.
  const unkept = new Set(targets.filter((c) => c.events.length > 0).map((c) => c.name));
  for (const name of unkept) kept?.forgetDatabase(name);
  for (const db of sources) {
    const existing = targets.find((c) => c.name === db.name);
    if (existing) await dropPrograms(targetControl, existing, mode === 'online');
    else if (!(await createDatabase(targetControl, db, false, journal))) continue;
    const targetTables = new Map((existing?.tables ?? []).map((t) => [t.name, t]));
    for (const gone of [...targetTables.keys()].filter((n) => !db.tables.some((t) => t.name === n))) {
      await targetControl.exec(`DROP TABLE IF EXISTS ${qualified(db.name, gone)}`);
      kept?.forget(db.name, gone);
      tablesDropped++;
    }
    const recreate = await changedTables(control, targetControl, db.tables, targetTables, journal);
    for (const t of recreate) {
      kept?.forget(db.name, t.name);
      await targetControl.exec(`DROP TABLE IF EXISTS ${qualified(db.name, t.name)}`);
    }
    const created = await createTables(control, [targetControl], { ...db, tables: recreate }, journal);
    tablesRecreated += created.length;
    for (const t of created) whole.add(t);
    // A table that could not be recreated is left out: its failure is journaled, there is nothing to compare.
    const createdNames = new Set(created.map((t) => t.name));
    dataTables.push(...db.tables.filter((t) => t.tableType !== 'SEQUENCE' && (!recreate.includes(t) || createdNames.has(t.name))));
  }
  return { dataTables, whole, unkept, tablesRecreated, tablesDropped };
}
