import type { AffectedObject } from '../../../reports.ts';
import type { Rule } from '../rule.ts';

/** `utf8` has meant utf8mb3 since 10.6; information_schema names it either way. */
const isUtf8mb3 = (charsetOrCollation: string | null): boolean => charsetOrCollation !== null && /^utf8(mb3)?(_|$)/i.test(charsetOrCollation);

/** Columns and table defaults in utf8mb3 (MariaDB's `utf8`): three bytes a character at most, deprecated. */
export const utf8mb3: Rule = {
  id: 'utf8mb3',
  severity: 'notice',
  docs: 'https://mariadb.com/docs/server/reference/data-types/string-data-types/character-sets/unicode',
  text: {
    en: {
      title: 'Columns and tables in utf8mb3 (utf8)',
      explanation: 'utf8mb3, which MariaDB also calls utf8, stores at most three bytes a character: emoji and other characters outside the Basic Multilingual Plane cannot be stored and are refused or replaced. It is deprecated. The migration keeps it as it is; tables created on the new version default to utf8mb4 from 11.6 on, and comparing those with these columns can mix collations.',
      fix: 'Convert the tables to utf8mb4 when convenient: ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 (it rebuilds the table; check index lengths first).',
    },
    fr: {
      title: 'Colonnes et tables en utf8mb3 (utf8)',
      explanation: 'utf8mb3, que MariaDB appelle aussi utf8, stocke au plus trois octets par caractère : les emoji et autres caractères hors du plan multilingue de base ne peuvent pas être stockés et sont refusés ou remplacés. Il est obsolète. La migration le conserve tel quel ; les tables créées sur la nouvelle version sont en utf8mb4 par défaut à partir de 11.6, et les comparer à ces colonnes peut mélanger les collations.',
      fix: 'Convertissez les tables en utf8mb4 quand cela vous convient : ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 (la table est reconstruite ; vérifiez d\'abord la longueur des index).',
    },
  },
  async run(ctx) {
    const found: AffectedObject[] = [];
    for (const t of await ctx.tables()) {
      if (t.type !== 'VIEW' && isUtf8mb3(t.collation)) found.push({ database: t.database, object: t.name, detail: `table default ${t.collation ?? ''}` });
    }
    const views = new Set((await ctx.tables()).filter((t) => t.type === 'VIEW').map((t) => `${t.database}.${t.name}`));
    for (const c of await ctx.columns()) {
      if (!views.has(`${c.database}.${c.table}`) && isUtf8mb3(c.charset ?? c.collation)) {
        found.push({ database: c.database, object: c.table, column: c.name, detail: c.collation ?? c.charset ?? '' });
      }
    }
    return found;
  },
};
