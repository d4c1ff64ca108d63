import type { TableInfo } from './catalog.ts';
import type { CompatibilityWarning } from './types.ts';

const DATE_TYPES = new Set(['date', 'datetime', 'timestamp']);

/** True when `sqlMode` makes inserting or declaring a zero date an error (NO_ZERO_DATE or NO_ZERO_IN_DATE under strict mode). */
export function rejectsZeroDates(sqlMode: string): boolean {
  const modes = new Set(sqlMode.toUpperCase().split(','));
  const strict = modes.has('STRICT_TRANS_TABLES') || modes.has('STRICT_ALL_TABLES') || modes.has('TRADITIONAL');
  return strict && (modes.has('NO_ZERO_DATE') || modes.has('NO_ZERO_IN_DATE') || modes.has('TRADITIONAL'));
}

/** A column default like '0000-00-00 00:00:00' or '2020-00-10'. */
export function isZeroDateDefault(value: string | null): boolean {
  if (value === null) return false;
  const m = /^'?(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m !== null && (m[2] === '00' || m[3] === '00');
}

/**
 * Compatibility warnings of a table: the copy itself runs under the
 * source's sql_mode so zero dates copy fine, but applications connecting
 * with the target's default `sqlMode` would fail on these columns. Empty
 * when `sqlMode` accepts zero dates. `zeroDateValues` comes from the copy.
 */
export function zeroDateWarnings(
  table: TableInfo, zeroDateValues: ReadonlyMap<string, number>, sqlMode: string,
): CompatibilityWarning[] {
  if (!rejectsZeroDates(sqlMode)) return [];
  const warnings: CompatibilityWarning[] = [];
  for (const column of table.columns) {
    if (!DATE_TYPES.has(column.dataType)) continue;
    const base = { database: table.database, table: table.name, column: column.name, sqlMode };
    if (isZeroDateDefault(column.defaultValue)) warnings.push({ ...base, kind: 'zero-date-default', count: 0 });
    const count = zeroDateValues.get(column.name) ?? 0;
    if (count > 0) warnings.push({ ...base, kind: 'zero-date-values', count });
  }
  return warnings;
}
