/**
 * Plans from the classic EXPLAIN, compared table by table. The classic form
 * is used rather than FORMAT=JSON because its `type` and `key` columns mean
 * the same on 10.x and 11.x, while the JSON carries cost fields the 11.0
 * cost model renamed and rescaled (every plan would differ).
 */
import type { Row } from '../copier/connections.ts';
import { cellText } from '../copier/connections.ts';

/** How the plan reads one table: its access type (ALL, index, range, ref...) and key. */
export interface PlanRow {
  readonly table: string;
  readonly type: string;
  readonly key: string | null;
}

export interface PlanChange {
  readonly table: string;
  readonly change: 'full-scan' | 'index-lost' | 'index-changed';
  readonly source: string;
  readonly target: string;
}

/** Access types that read every row of a table (ALL) or of an index (index). */
const SCANS = new Set(['ALL', 'index']);

/** The rows that read a table (not "Select tables optimized away" and the like, which have none). */
export function explainPlan(rows: readonly Row[]): PlanRow[] {
  return rows.map((r) => ({ table: cellText(r['table']) ?? '', type: cellText(r['type']) ?? '', key: cellText(r['key']) })).filter((r) => r.table !== '');
}

export const describePlanRow = (row: PlanRow): string => `${row.table}: ${row.type}${row.key ? ` ${row.key}` : ''}`;

/**
 * Tables the target reads worse than the source. Tables are matched by
 * name and occurrence; derived tables and subqueries (`<derived2>`) are
 * left out, since the optimizer numbers them as it likes.
 */
export function comparePlans(source: readonly PlanRow[], target: readonly PlanRow[]): PlanChange[] {
  const named = (rows: readonly PlanRow[]): Map<string, PlanRow> => {
    const seen = new Map<string, number>();
    const byName = new Map<string, PlanRow>();
    for (const row of rows) {
      if (row.table === '' || row.table.startsWith('<')) continue;
      const n = (seen.get(row.table) ?? 0) + 1;
      seen.set(row.table, n);
      byName.set(n === 1 ? row.table : `${row.table}#${n}`, row);
    }
    return byName;
  };
  // InnoDB keeps rows in the primary key: reading all of it is reading the table, whichever way EXPLAIN puts it.
  const keyOf = (row: PlanRow): string | null => (row.type === 'index' && row.key === 'PRIMARY' ? null : row.key);
  const targets = named(target);
  const changes: PlanChange[] = [];
  for (const [name, before] of named(source)) {
    const after = targets.get(name);
    if (!after) continue;
    const [from, to] = [keyOf(before), keyOf(after)];
    const change = SCANS.has(after.type) && !SCANS.has(before.type) ? 'full-scan'
      : from !== null && to === null ? 'index-lost'
        : from !== null && to !== null && from !== to ? 'index-changed' : null;
    if (change) changes.push({ table: before.table, change, source: describePlanRow(before), target: describePlanRow(after) });
  }
  return changes;
}
