import type { Rule } from '../rule.ts';

/** System-versioned tables: their history is copied, and from 11.5 the end of a current row's period is 2106, not 2038. */
export const systemVersioned: Rule = {
  id: 'system-versioned',
  severity: 'notice',
  since: '11.5',
  docs: 'https://mariadb.com/docs/server/reference/sql-structure/temporal-tables/system-versioned-tables',
  text: {
    en: {
      title: 'System-versioned tables',
      explanation: 'These tables keep the history of their rows; the migration copies the history too, so they take longer to copy than their current rows suggest. From 11.5 on, TIMESTAMP reaches 2106: the row_end of current rows becomes 2106-02-07 06:28:15.999999 instead of 2038-01-19 03:14:07.999999, so queries that look for current rows by that 2038 value stop finding them. Going back to an older version later needs those values changed back.',
      fix: 'Find current rows with FOR SYSTEM_TIME AS OF NOW() (or a plain SELECT) rather than by comparing row_end to a fixed date; purge old history (DELETE HISTORY) to shorten the copy.',
    },
    fr: {
      title: 'Tables versionnées par le système',
      explanation: 'Ces tables gardent l\'historique de leurs lignes ; la migration copie aussi l\'historique, leur copie est donc plus longue que leurs lignes actuelles ne le laissent penser. À partir de 11.5, TIMESTAMP va jusqu\'en 2106 : le row_end des lignes actuelles devient 2106-02-07 06:28:15.999999 au lieu de 2038-01-19 03:14:07.999999, et les requêtes qui cherchent les lignes actuelles par cette valeur de 2038 ne les trouvent plus. Revenir plus tard à une version plus ancienne demande de remettre ces valeurs.',
      fix: 'Trouvez les lignes actuelles avec FOR SYSTEM_TIME AS OF NOW() (ou un simple SELECT) plutôt qu\'en comparant row_end à une date fixe ; purgez l\'historique ancien (DELETE HISTORY) pour raccourcir la copie.',
    },
  },
  async run(ctx) {
    return (await ctx.tables()).filter((t) => t.type === 'SYSTEM VERSIONED').map((t) => ({ database: t.database, object: t.name }));
  },
};
