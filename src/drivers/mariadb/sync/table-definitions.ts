import type { TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import type { CopyJournal } from '../copier/failures.ts';
import { showCreate } from '../verify/definitions.ts';

const kindOf = (table: TableInfo): string => (table.tableType === 'SEQUENCE' ? 'sequence' : 'table');

/**
 * The source's tables that the target lacks or defines differently: their
 * normalized SHOW CREATE (see verify/definitions.ts) is compared, so any DDL
 * on the source since the copy was made (between passes of a run, or on the
 * new server during a rollback window) shows, not only a change of columns.
 * Each change found on an existing table is journaled as a warning naming it.
 */
export async function changedTables(
  source: Session, target: Session, tables: readonly TableInfo[], onTarget: ReadonlyMap<string, TableInfo>, journal: CopyJournal,
): Promise<TableInfo[]> {
  const changed: TableInfo[] = [];
  for (const table of tables) {
    const there = onTarget.get(table.name);
    if (!there) {
      changed.push(table);
      continue;
    }
    const kind = kindOf(table);
    // A table that became a sequence (or back) is recreated too: read each side as what it is.
    const [wanted, current] = await Promise.all([
      showCreate(source, table.database, kind, table.name), showCreate(target, table.database, kindOf(there), table.name),
    ]);
    if (wanted === current) continue;
    changed.push(table);
    journal.warn(`${table.database}.${table.name}: its definition changed on the source since the copy was made; recreated from the new definition and reloaded whole`);
  }
  return changed;
}
