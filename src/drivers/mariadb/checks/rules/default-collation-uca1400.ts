import type { AffectedObject } from '../../../reports.ts';
import { cell, placeholders } from '../read.ts';
import type { Rule } from '../rule.ts';

/** The Unicode character sets whose default collation became uca1400_ai_ci (MDEV-25829). */
const UNICODE = new Set(['utf8mb3', 'utf8mb4', 'ucs2', 'utf16', 'utf32']);

/** 'utf8mb4=utf8mb4_uca1400_ai_ci,ucs2=...' (@@character_set_collations, 11.2+) as a map; null or '' gives none. */
export function collationOverrides(value: string | null): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (value ?? '').split(',')) {
    const [charset, collation] = pair.split('=').map((s) => s.trim().toLowerCase());
    if (charset && collation) map.set(charset, collation.startsWith(`${charset}_`) ? collation : `${charset}_${collation}`);
  }
  return map;
}

const charsetOf = (collation: string): string => collation.slice(0, collation.indexOf('_'));

/**
 * Tables created on the target with a character set and no collation get
 * utf8mb4_uca1400_ai_ci; the copied ones keep utf8mb4_general_ci: a join or
 * comparison between them fails with error 1267 (measured on 11.8.9).
 */
export const defaultCollationUca1400: Rule = {
  id: 'default-collation-uca1400',
  severity: 'warning',
  since: '11.5',
  docs: 'https://mariadb.com/docs/server/reference/data-types/string-data-types/character-sets/setting-character-sets-and-collations',
  text: {
    en: {
      title: 'Databases and tables on the old default collation, which changes on the new version',
      explanation: 'Since MariaDB 11.5 a Unicode character set given without a collation means uca1400_ai_ci (utf8mb4_uca1400_ai_ci), no longer general_ci. The copy keeps every collation as it is, but tables the application creates after the migration with only CHARSET=utf8mb4 get the new collation, and comparing or joining their columns with the copied ones fails with "Illegal mix of collations" (error 1267). Sorting and uniqueness also differ between the two collations.',
      fix: 'Give the collation explicitly in the application\'s CREATE TABLE statements, or set character_set_collations = \'utf8mb4=utf8mb4_general_ci\' on the target, or convert these tables to utf8mb4_uca1400_ai_ci (ALTER TABLE ... CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci) after checking unique keys.',
    },
    fr: {
      title: 'Bases et tables dans l\'ancienne collation par défaut, qui change avec la nouvelle version',
      explanation: 'Depuis MariaDB 11.5, un jeu de caractères Unicode donné sans collation signifie uca1400_ai_ci (utf8mb4_uca1400_ai_ci), et non plus general_ci. La copie garde chaque collation telle quelle, mais les tables que l\'application crée après la migration avec seulement CHARSET=utf8mb4 reçoivent la nouvelle collation, et comparer ou joindre leurs colonnes avec celles copiées échoue avec « Illegal mix of collations » (erreur 1267). Le tri et l\'unicité diffèrent aussi entre les deux collations.',
      fix: 'Donnez la collation explicitement dans les CREATE TABLE de l\'application, ou réglez character_set_collations = \'utf8mb4=utf8mb4_general_ci\' sur la cible, ou convertissez ces tables en utf8mb4_uca1400_ai_ci (ALTER TABLE ... CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci) après avoir vérifié les clés uniques.',
    },
  },
  async run(ctx) {
    const sourceMap = collationOverrides(await ctx.variable('source', 'character_set_collations'));
    // Without a target the rule goes by the version it crosses; with one, by what that server says.
    const targetMap = ctx.target ? collationOverrides(await ctx.variable('target', 'character_set_collations')) : null;
    const oldDefault = (cs: string): string => sourceMap.get(cs) ?? `${cs}_general_ci`;
    const newDefault = (cs: string): string => (targetMap ? targetMap.get(cs) ?? `${cs}_general_ci` : `${cs}_uca1400_ai_ci`);
    const changes = (collation: string | null): boolean => {
      if (!collation) return false;
      const cs = charsetOf(collation);
      return UNICODE.has(cs) && collation === oldDefault(cs) && newDefault(cs) !== collation;
    };
    const columns = await ctx.columns();
    const count = (database: string, table?: string): number =>
      columns.filter((c) => c.database === database && (table === undefined || c.table === table) && changes(c.collation)).length;
    const schemata = await ctx.source(`SELECT schema_name AS db, default_collation_name AS coll FROM information_schema.schemata
      WHERE schema_name IN (${placeholders(ctx.databases)}) ORDER BY 1`, [...ctx.databases]);
    const found: AffectedObject[] = [];
    const reported = new Set<string>();
    for (const row of schemata) {
      const [db, coll] = [cell(row, 'db'), cell(row, 'coll')];
      if (!changes(coll)) continue;
      reported.add(db);
      found.push({ database: db, detail: `collation=${coll} target_default=${newDefault(charsetOf(coll))} columns=${count(db)}` });
    }
    for (const t of await ctx.tables()) {
      if (reported.has(t.database) || t.type === 'VIEW' || !changes(t.collation)) continue;
      const coll = t.collation ?? '';
      found.push({ database: t.database, object: t.name, detail: `collation=${coll} target_default=${newDefault(charsetOf(coll))} columns=${count(t.database, t.name)}` });
    }
    return found;
  },
};
