import type { AffectedObject } from '../../../reports.ts';
import { cellText } from '../../copier/connections.ts';
import type { CheckContext } from '../context.ts';
import type { Rule } from '../rule.ts';
import { functionCalls } from '../sql-text.ts';
import { crosses } from '../versions.ts';

/**
 * Built-in functions of 11.8 that 10.11 does not have, for when the old
 * server cannot be read: information_schema.SQL_FUNCTIONS of 11.8.9 less
 * 10.11.19's, each confirmed by a call (1305 "FUNCTION does not exist" on
 * 10.11 only). The version each came with is from MariaDB's documentation.
 */
export const newFunctions: readonly { readonly name: string; readonly since: string }[] = [
  { name: 'FORMAT_PICO_TIME', since: '11.0' },
  { name: 'JSON_SCHEMA_VALID', since: '11.1' },
  { name: 'JSON_ARRAY_INTERSECT', since: '11.2' },
  { name: 'JSON_KEY_VALUE', since: '11.2' },
  { name: 'JSON_OBJECT_FILTER_KEYS', since: '11.2' },
  { name: 'JSON_OBJECT_TO_ARRAY', since: '11.2' },
  { name: 'KDF', since: '11.3' },
  { name: 'UUID_V4', since: '11.7' },
  { name: 'UUID_V7', since: '11.7' },
  { name: 'VEC_DISTANCE', since: '11.7' },
  { name: 'VEC_DISTANCE_COSINE', since: '11.7' },
  { name: 'VEC_DISTANCE_EUCLIDEAN', since: '11.7' },
  { name: 'VEC_FROMTEXT', since: '11.7' },
  { name: 'VEC_TOTEXT', since: '11.7' },
  { name: 'FORMAT_BYTES', since: '11.8' },
];

const listed = 'SELECT FUNCTION f FROM information_schema.SQL_FUNCTIONS';

/** What this server has and the rollback target has not: both lists when the target answers (10.6.3+), else the table above. */
async function functionsTheTargetLacks(ctx: CheckContext): Promise<string[]> {
  const fallback = () => newFunctions.filter((f) => crosses(ctx.toVersion, ctx.fromVersion, f.since)).map((f) => f.name);
  if (!ctx.target) return fallback();
  const lists = await Promise.all([ctx.source(listed), ctx.target(listed)]).catch(() => null);
  if (!lists) return fallback();
  const [mine, theirs] = lists.map((rows) => new Set(rows.map((r) => (cellText(r['f']) ?? '').toUpperCase())));
  return [...(mine ?? [])].filter((name) => /^\w+$/.test(name) && !theirs?.has(name)).sort();
}

/** Built-in functions newer than the rollback target, called in views, programs, defaults, generated columns or CHECK constraints. */
export const rollbackNewFunctions: Rule = {
  id: 'rollback-new-functions',
  severity: 'blocker',
  direction: 'rollback',
  docs: 'https://mariadb.com/docs/server/reference/sql-functions',
  text: {
    en: {
      title: 'Functions the old version does not have',
      explanation: 'These objects call built-in functions that came after the version the rollback goes back to (VEC_*, UUID_v4/UUID_v7, JSON_SCHEMA_VALID, the JSON functions of 11.2, KDF, FORMAT_BYTES...). The old server refuses to create them (FUNCTION ... does not exist, error 1305), so the rollback cannot copy them back.',
      fix: 'Before rolling back, rewrite these views, programs, defaults or constraints without those functions (a stored function of your own can stand in), or stay on the new version.',
    },
    fr: {
      title: 'Fonctions absentes de l’ancienne version',
      explanation: 'Ces objets appellent des fonctions intégrées apparues après la version vers laquelle le retour arrière revient (VEC_*, UUID_v4/UUID_v7, JSON_SCHEMA_VALID, les fonctions JSON de 11.2, KDF, FORMAT_BYTES…). L’ancien serveur refuse de les créer (FUNCTION ... does not exist, erreur 1305) : le retour arrière ne peut pas les recopier.',
      fix: 'Avant le retour arrière, réécrivez ces vues, programmes, valeurs par défaut ou contraintes sans ces fonctions (une fonction stockée à vous peut les remplacer), ou restez sur la nouvelle version.',
    },
  },
  async run(ctx) {
    const names = await functionsTheTargetLacks(ctx);
    if (names.length === 0) return [];
    const found: AffectedObject[] = [];
    const search = (text: string | null, at: AffectedObject, withLine: boolean, where = ''): void => {
      if (!text) return;
      for (const call of functionCalls(text, names)) found.push({ ...at, ...(withLine ? { line: call.line } : {}), detail: `${call.name}${where}` });
    };
    for (const p of await ctx.programs()) search(p.body, { database: p.database, object: p.name }, p.kind !== 'view');
    for (const c of await ctx.columns()) {
      search(c.defaultValue, { database: c.database, object: c.table, column: c.name }, false);
      search(c.generation, { database: c.database, object: c.table, column: c.name }, false);
    }
    const checks = await ctx.source(`SELECT CONSTRAINT_SCHEMA db, TABLE_NAME tbl, CONSTRAINT_NAME name, CHECK_CLAUSE clause
      FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (${ctx.databases.map(() => '?').join(',')}) ORDER BY 1, 2, 3`, [...ctx.databases]);
    for (const k of checks) {
      search(cellText(k['clause']), { database: cellText(k['db']) ?? '', object: cellText(k['tbl']) ?? '' }, false, ` (CHECK ${cellText(k['name']) ?? ''})`);
    }
    return found;
  },
};
