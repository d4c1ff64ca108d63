import type { Rule } from '../rule.ts';

/** Since 10.5.1 information_schema marks TIME, DATETIME and TIMESTAMP columns still in the pre-10.1 (MariaDB 5.3) format. */
const OLD_FORMAT = /\/\*\s*mariadb-5\.3\s*\*\//i;

/** Temporal columns in the old (pre-MySQL 5.6.4 / MariaDB 5.3) storage format. */
export const oldTemporal: Rule = {
  id: 'old-temporal',
  severity: 'notice',
  docs: 'https://mariadb.com/docs/server/ha-and-performance/optimization-and-tuning/system-variables/server-system-variables#mysql56_temporal_format',
  text: {
    en: {
      title: 'Date and time columns in the old storage format',
      explanation: 'These TIME, DATETIME or TIMESTAMP columns still use the storage format of MariaDB 5.3 (tables created before 10.1 and never rebuilt). The migration creates them in the current format on the new server, so their values stay the same but the table is rebuilt, and its size and index lengths change slightly.',
      fix: 'Nothing is needed for the migration. To convert them on the current server as well: ALTER TABLE t FORCE.',
    },
    fr: {
      title: 'Colonnes de date et d\'heure dans l\'ancien format de stockage',
      explanation: 'Ces colonnes TIME, DATETIME ou TIMESTAMP utilisent encore le format de stockage de MariaDB 5.3 (tables créées avant 10.1 et jamais reconstruites). La migration les crée au format actuel sur le nouveau serveur : leurs valeurs ne changent pas, mais la table est reconstruite et sa taille et la longueur de ses index changent un peu.',
      fix: 'Rien n\'est nécessaire pour la migration. Pour les convertir aussi sur le serveur actuel : ALTER TABLE t FORCE.',
    },
  },
  async run(ctx) {
    return (await ctx.columns()).filter((c) => OLD_FORMAT.test(c.columnType))
      .map((c) => ({ database: c.database, object: c.table, column: c.name, detail: c.columnType }));
  },
};
