import type { Rule } from '../rule.ts';

/** Tables without a primary key: the online copy and the verification cannot cut them into key ranges. */
export const noPrimaryKey: Rule = {
  id: 'no-primary-key',
  severity: 'notice',
  docs: 'https://mariadb.com/docs/server/ha-and-performance/optimization-and-tuning/optimization-and-indexes/primary-keys-with-nullable-columns',
  text: {
    en: {
      title: 'Tables without a primary key',
      explanation: 'Without a primary key (or a unique key on NOT NULL columns) the online copy and the verification read these tables whole on every pass, so the run takes longer and its frozen pass grows with their size. Replication and Galera also handle them badly.',
      fix: 'Add a primary key (an AUTO_INCREMENT id column will do) before the run.',
    },
    fr: {
      title: 'Tables sans clé primaire',
      explanation: 'Sans clé primaire (ni clé unique sur des colonnes NOT NULL), la copie en ligne et la vérification relisent ces tables en entier à chaque passe : la migration dure plus longtemps et sa passe gelée grandit avec leur taille. La réplication et Galera les gèrent mal aussi.',
      fix: 'Ajoutez une clé primaire (une colonne id AUTO_INCREMENT suffit) avant la migration.',
    },
  },
  async run(ctx) {
    const tables = (await ctx.tables()).filter((t) => t.type === 'BASE TABLE' || t.type === 'SYSTEM VERSIONED');
    if (tables.length === 0) return [];
    const keyed = await ctx.source(`SELECT DISTINCT s.table_schema AS db, s.table_name AS tbl FROM information_schema.statistics s
      WHERE s.table_schema IN (${ctx.databases.map(() => '?').join(',')}) AND s.non_unique = 0
        AND NOT EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = s.table_schema AND c.table_name = s.table_name
          AND c.column_name = s.column_name AND c.is_nullable = 'YES')`, [...ctx.databases]);
    const hasKey = new Set(keyed.map((r) => `${String(r['db'])}.${String(r['tbl'])}`));
    return tables.filter((t) => !hasKey.has(`${t.database}.${t.name}`)).map((t) => ({ database: t.database, object: t.name }));
  },
};
