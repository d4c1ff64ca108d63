import type { AffectedObject } from '../../../reports.ts';
import type { CheckContext } from '../context.ts';
import { cell, placeholders } from '../read.ts';
import type { Rule } from '../rule.ts';

/**
 * Foreign keys whose two columns differ in collation. MariaDB refuses to
 * create one (errno 150), but a child created first under
 * foreign_key_checks = 0 keeps it, and then refuses every row (error 1452,
 * seen on 10.11.19).
 */
async function foreignKeys(ctx: CheckContext): Promise<{ objects: AffectedObject[]; columns: Set<string> }> {
  const rows = await ctx.source(`SELECT k.table_schema AS db, k.table_name AS tbl, k.column_name AS col, k.constraint_name AS fk,
      k.referenced_table_name AS rtbl, k.referenced_column_name AS rcol, c.collation_name AS coll, r.collation_name AS rcoll
    FROM information_schema.key_column_usage k
    JOIN information_schema.columns c ON c.table_schema = k.table_schema AND c.table_name = k.table_name AND c.column_name = k.column_name
    JOIN information_schema.columns r ON r.table_schema = k.referenced_table_schema AND r.table_name = k.referenced_table_name
      AND r.column_name = k.referenced_column_name
    WHERE k.table_schema IN (${placeholders(ctx.databases)}) AND k.referenced_table_name IS NOT NULL AND c.collation_name <> r.collation_name
    ORDER BY 1, 2, 3`, [...ctx.databases]);
  const objects = rows.map((r) => ({
    database: cell(r, 'db'), object: cell(r, 'tbl'), column: cell(r, 'col'),
    detail: `foreign_key=${cell(r, 'fk')} collation=${cell(r, 'coll')} references=${cell(r, 'rtbl')}.${cell(r, 'rcol')}:${cell(r, 'rcoll')}`,
  }));
  // Both sides, so the same pair is not reported again as same-named columns.
  const columns = new Set(rows.flatMap((r) => [`${cell(r, 'db')}.${cell(r, 'tbl')}.${cell(r, 'col')}`, `${cell(r, 'db')}.${cell(r, 'rtbl')}.${cell(r, 'rcol')}`]));
  return { objects, columns };
}

/**
 * Indexed string columns of one name and character set that do not share a
 * collation across the tables of a database: the columns an application
 * joins on (user_id, email, sku). Comparing two of them fails with error 1267.
 */
async function sameNamedColumns(ctx: CheckContext, skip: Set<string>): Promise<AffectedObject[]> {
  const indexed = await ctx.source(`SELECT DISTINCT table_schema AS db, table_name AS tbl, column_name AS col FROM information_schema.statistics
    WHERE table_schema IN (${placeholders(ctx.databases)})`, [...ctx.databases]);
  const isIndexed = new Set(indexed.map((r) => `${cell(r, 'db')}.${cell(r, 'tbl')}.${cell(r, 'col')}`));
  const groups = new Map<string, { table: string; collation: string }[]>();
  for (const c of await ctx.columns()) {
    const id = `${c.database}.${c.table}.${c.name}`;
    if (!c.collation || !c.charset || !isIndexed.has(id) || skip.has(id)) continue;
    const key = `${c.database}\u0000${c.name.toLowerCase()}\u0000${c.charset}`;
    groups.set(key, [...(groups.get(key) ?? []), { table: c.table, collation: c.collation }]);
  }
  const found: AffectedObject[] = [];
  for (const [key, members] of groups) {
    if (new Set(members.map((m) => m.collation)).size < 2) continue;
    const [database = '', column = ''] = key.split('\u0000');
    for (const m of members) {
      const others = members.filter((o) => o !== m && o.collation !== m.collation).map((o) => `${o.table}:${o.collation}`);
      found.push({ database, object: m.table, column, detail: `collation=${m.collation} differs_from=${others.join(',')}` });
    }
  }
  return found;
}

/** Columns an application compares to each other whose collations differ: "Illegal mix of collations" (1267) or unusable foreign keys. */
export const mixedCollations: Rule = {
  id: 'mixed-collations',
  severity: 'warning',
  docs: 'https://mariadb.com/docs/server/reference/data-types/string-data-types/character-sets/setting-character-sets-and-collations',
  text: {
    en: {
      title: 'Columns compared with each other that have different collations',
      explanation: 'Comparing two columns of the same character set but different collations, as a join does, fails with "Illegal mix of collations" (error 1267), or cannot use the index. These are indexed columns of the same name in several tables, and foreign keys whose two sides differ (such a foreign key refuses every new row with error 1452). The new version adds a new default collation, so tables created after the migration can add more such pairs.',
      fix: 'Give the columns one collation (ALTER TABLE ... MODIFY column ... COLLATE ...), the one of the table they are joined to, before the migration.',
    },
    fr: {
      title: 'Colonnes comparées entre elles qui ont des collations différentes',
      explanation: 'Comparer deux colonnes du même jeu de caractères mais de collations différentes, comme le fait une jointure, échoue avec « Illegal mix of collations » (erreur 1267) ou ne peut pas utiliser l\'index. Ce sont des colonnes indexées de même nom dans plusieurs tables, et des clés étrangères dont les deux côtés diffèrent (une telle clé étrangère refuse chaque nouvelle ligne avec l\'erreur 1452). La nouvelle version apporte une nouvelle collation par défaut : les tables créées après la migration peuvent ajouter d\'autres paires de ce genre.',
      fix: 'Donnez une seule collation à ces colonnes (ALTER TABLE ... MODIFY colonne ... COLLATE ...), celle de la table à laquelle elles sont jointes, avant la migration.',
    },
  },
  async run(ctx) {
    if (ctx.databases.length === 0) return [];
    const fks = await foreignKeys(ctx);
    return [...fks.objects, ...(await sameNamedColumns(ctx, fks.columns))];
  },
};
