import type { AffectedObject } from '../../../reports.ts';
import { cellText } from '../../copier/connections.ts';
import type { CheckContext } from '../context.ts';
import type { Rule } from '../rule.ts';
import { crosses } from '../versions.ts';

interface Use { readonly collation: string; readonly at: AffectedObject }

/** Every collation the account's objects name: database defaults, tables, columns, and the sessions programs were created in. */
async function usedCollations(ctx: CheckContext): Promise<Use[]> {
  const marks = ctx.databases.map(() => '?').join(',');
  const programs = (table: string, schema: string, name: string, column: string) =>
    `SELECT ${schema}, ${name}, NULL, ${column} FROM information_schema.${table} WHERE ${schema} IN (${marks})`;
  const rows = await ctx.source(`
    SELECT SCHEMA_NAME db, NULL obj, NULL col, DEFAULT_COLLATION_NAME c FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${marks})
    UNION ALL SELECT TABLE_SCHEMA, TABLE_NAME, NULL, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${marks})
    UNION ALL SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (${marks})
    UNION ALL ${programs('ROUTINES', 'ROUTINE_SCHEMA', 'ROUTINE_NAME', 'DATABASE_COLLATION')}
    UNION ALL ${programs('ROUTINES', 'ROUTINE_SCHEMA', 'ROUTINE_NAME', 'COLLATION_CONNECTION')}
    UNION ALL ${programs('TRIGGERS', 'TRIGGER_SCHEMA', 'TRIGGER_NAME', 'DATABASE_COLLATION')}
    UNION ALL ${programs('TRIGGERS', 'TRIGGER_SCHEMA', 'TRIGGER_NAME', 'COLLATION_CONNECTION')}
    UNION ALL ${programs('EVENTS', 'EVENT_SCHEMA', 'EVENT_NAME', 'DATABASE_COLLATION')}
    UNION ALL ${programs('EVENTS', 'EVENT_SCHEMA', 'EVENT_NAME', 'COLLATION_CONNECTION')}
    UNION ALL ${programs('VIEWS', 'TABLE_SCHEMA', 'TABLE_NAME', 'COLLATION_CONNECTION')}`, Array.from({ length: 10 }, () => ctx.databases).flat());
  const uses: Use[] = [];
  for (const row of rows) {
    const collation = cellText(row['c']);
    if (!collation) continue;
    const [database, object, column] = [cellText(row['db']), cellText(row['obj']), cellText(row['col'])];
    uses.push({ collation, at: { ...(database ? { database } : {}), ...(object ? { object } : {}), ...(column ? { column } : {}) } });
  }
  return uses;
}

/** The names among `names` a server knows; since 10.10 the uca1400 ones are listed in full only in COLLATION_CHARACTER_SET_APPLICABILITY. */
async function known(query: NonNullable<CheckContext['target']>, names: readonly string[]): Promise<Set<string>> {
  const marks = names.map(() => '?').join(',');
  const rows = await query(`SELECT COLLATION_NAME c FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (${marks})
    UNION SELECT FULL_COLLATION_NAME FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY WHERE FULL_COLLATION_NAME IN (${marks})`, [...names, ...names])
    .catch(() => query(`SELECT COLLATION_NAME c FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (${marks})`, [...names]));
  return new Set(rows.map((r) => cellText(r['c']) ?? ''));
}

/**
 * When the old server cannot be read: the collations 11.8.9 has and 10.11.19
 * has not (measured on both), the MySQL 8 `_0900_` aliases (MariaDB 11.4.5)
 * and the `general1400` ones.
 */
const newSince114 = /_0900_|_general1400_/;

/** 11.8 comments its aliases 'Alias for <collation>': the name the old version may know the same rules by. */
async function aliases(ctx: CheckContext, names: readonly string[]): Promise<Map<string, string>> {
  const rows = await ctx.source(`SELECT COLLATION_NAME n, COMMENT c FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (${names.map(() => '?').join(',')})`, [...names])
    .catch(() => []);
  return new Map(rows.flatMap((r) => {
    const alias = /^Alias for (\w+)$/.exec(cellText(r['c']) ?? '')?.[1];
    return alias ? [[cellText(r['n']) ?? '', alias] as const] : [];
  }));
}

/** Objects whose collation the rollback target does not know: their copy back fails with error 1273. */
export const rollbackUnknownCollations: Rule = {
  id: 'rollback-unknown-collations',
  severity: 'blocker',
  direction: 'rollback',
  docs: 'https://mariadb.com/docs/server/reference/data-types/string-data-types/character-sets/supported-character-sets-and-collations',
  text: {
    en: {
      title: 'Collations the old version does not know',
      explanation: 'These objects use a collation that appeared after the version the rollback goes back to (the utf8mb4_0900_* aliases of MySQL 8, the *_general1400_* ones): the old server refuses to create them (error 1273), so the rollback cannot copy them back.',
      fix: 'Change these databases, tables, columns or programs to a collation the old version knows (where an alias is shown, → names the one it stands for, which sorts the same), then check again.',
    },
    fr: {
      title: 'Collations inconnues de l’ancienne version',
      explanation: 'Ces objets utilisent une collation apparue après la version vers laquelle le retour arrière revient (les alias utf8mb4_0900_* de MySQL 8, les *_general1400_*) : l’ancien serveur refuse de les créer (erreur 1273), le retour arrière ne peut donc pas les recopier.',
      fix: 'Passez ces bases, tables, colonnes ou programmes à une collation que l’ancienne version connaît (quand un alias est indiqué, → nomme la collation qu’il désigne, qui trie de la même façon), puis relancez la vérification.',
    },
  },
  async run(ctx) {
    const uses = await usedCollations(ctx);
    const names = [...new Set(uses.map((u) => u.collation))];
    if (names.length === 0) return [];
    const aliasOf = await aliases(ctx, names);
    // The rollback target's own list decides; the pattern only stands in when it cannot be read.
    const targetKnows = ctx.target ? await known(ctx.target, [...names, ...aliasOf.values()]) : null;
    const unknown = new Set(targetKnows
      ? names.filter((n) => !targetKnows.has(n))
      : names.filter((n) => newSince114.test(n) && crosses(ctx.toVersion, ctx.fromVersion, '11.4')));
    return uses.filter((u) => unknown.has(u.collation)).map((u) => {
      const alias = aliasOf.get(u.collation);
      const usable = alias !== undefined && (targetKnows?.has(alias) ?? true);
      return { ...u.at, detail: usable ? `${u.collation} → ${alias}` : u.collation };
    });
  },
};
