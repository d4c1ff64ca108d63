/**
 * The decisions of the rules about server settings, as pure functions of
 * the values both servers give (unit-tested where the real servers cannot be
 * made to differ, e.g. read-only settings).
 */
import type { AffectedObject } from '../../reports.ts';

/** Flags the target's sql_mode adds and drops compared with the source's. */
export function sqlModeChange(source: string, target: string): { added: string[]; removed: string[] } {
  const flags = (mode: string): Set<string> => new Set(mode.split(',').map((f) => f.trim().toUpperCase()).filter(Boolean));
  const [s, t] = [flags(source), flags(target)];
  return { added: [...t].filter((f) => !s.has(f)).sort(), removed: [...s].filter((f) => !t.has(f)).sort() };
}

/** A name the check looks at for case: a database (no object) or a table of one. */
export interface NamedObject { readonly database: string; readonly object?: string }

/**
 * What a change of lower_case_table_names does to the account's names.
 * 0 → 1 or 2: names are folded to lower case, and two names that differ only
 * in case collide (the copy cannot create the second). 1 or 2 → 0: names
 * become case-sensitive, so statements that wrote a name in another case
 * than it was created with fail; nothing on the server shows which. Going to
 * 1 or 2 with every name already in lower case changes nothing: no finding.
 */
export function caseFolding(source: string, target: string, names: readonly NamedObject[]): AffectedObject[] {
  if (source === target) return [];
  const setting = { object: 'lower_case_table_names', detail: `source=${source} target=${target}` };
  if (target === '0') return [setting];
  const label = (n: NamedObject): string => n.object ?? n.database;
  const scope = (n: NamedObject): string => (n.object === undefined ? '' : n.database.toLowerCase());
  const seen = new Map<string, NamedObject[]>();
  for (const n of names) {
    const key = `${n.object === undefined ? 'db' : 'table'}\u0000${scope(n)}\u0000${label(n).toLowerCase()}`;
    seen.set(key, [...(seen.get(key) ?? []), n]);
  }
  const found: AffectedObject[] = [setting];
  for (const group of seen.values()) {
    for (const n of group) {
      const others = group.filter((o) => o !== n).map(label);
      if (others.length === 0 && label(n) === label(n).toLowerCase()) continue;
      found.push({ ...n, detail: others.length > 0 ? `collides_with=${others.join(',')}` : `becomes=${label(n).toLowerCase()}` });
    }
  }
  // Names already in lower case are stored and compared as before: such an account is not affected.
  return found.length > 1 ? found : [];
}

/** The largest value a column of this type can hold, in bytes; 0 for types that always fit a packet. */
export function largestValue(dataType: string): number {
  switch (dataType.toLowerCase()) {
    case 'blob': case 'text': return 65_535;
    case 'mediumblob': case 'mediumtext': return 16_777_215;
    case 'longblob': case 'longtext': case 'json': return 4_294_967_295;
    default: return 0;
  }
}

/** Whether a boolean server variable reads as on ('ON', '1'). */
export const isOn = (value: string | null | undefined): boolean => value?.toUpperCase() === 'ON' || value === '1';
