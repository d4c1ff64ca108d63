/**
 * Foreign keys whose name is longer than 64 characters. MariaDB refuses such
 * names when they are written (1059 Identifier name is too long), but InnoDB
 * makes them itself: renaming a table renames its generated `<table>_ibfk_N`
 * keys, and a 64-character table name gives a 71-character key name. SHOW
 * CREATE TABLE then prints a CONSTRAINT clause no server accepts back.
 */
import type { AffectedObject } from '../../../reports.ts';
import { cellText } from '../../copier/connections.ts';
import { qualified } from '../../copier/quote.ts';
import type { Rule } from '../rule.ts';

const LIMIT = 64;
const CONSTRAINT = /CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY/g;

/** The names of foreign keys in a SHOW CREATE TABLE text that are longer than 64 characters. */
export function longForeignKeyNames(createTable: string): string[] {
  return [...createTable.matchAll(CONSTRAINT)].map((m) => (m[1] ?? '').replaceAll('``', '`')).filter((name) => [...name].length > LIMIT);
}

export const longFkNames: Rule = {
  id: 'long-fk-names',
  severity: 'blocker',
  docs: 'https://mariadb.com/docs/server/reference/sql-structure/sql-language-structure/identifier-names',
  text: {
    en: {
      title: 'Foreign keys with names longer than 64 characters',
      explanation: 'InnoDB named these foreign keys itself when their table was renamed (<table>_ibfk_N), past the 64-character limit of identifiers. Their table cannot be created again with that definition (1059 Identifier name is too long), so the migration cannot copy it.',
      fix: 'Drop the foreign key and add it again under a shorter name: ALTER TABLE t DROP FOREIGN KEY `long name`, ADD CONSTRAINT fk_short FOREIGN KEY (...) REFERENCES ...; then check again.',
    },
    fr: {
      title: 'Clés étrangères dont le nom dépasse 64 caractères',
      explanation: 'InnoDB a nommé lui-même ces clés étrangères lors du renommage de leur table (<table>_ibfk_N), au-delà de la limite de 64 caractères des identifiants. Leur table ne peut pas être recréée avec cette définition (1059 Identifier name is too long) : la migration ne peut pas la copier.',
      fix: 'Supprimez la clé étrangère et ajoutez-la de nouveau sous un nom plus court : ALTER TABLE t DROP FOREIGN KEY `nom long`, ADD CONSTRAINT fk_court FOREIGN KEY (...) REFERENCES ... ; puis relancez la vérification.',
    },
  },
  async run(ctx) {
    if (ctx.databases.length === 0) return [];
    // information_schema cuts constraint names to 64 characters: only tables with a 64-character one can hide a longer name.
    const candidates = await ctx.source(`SELECT DISTINCT constraint_schema AS db, table_name AS tbl FROM information_schema.referential_constraints
      WHERE constraint_schema IN (${ctx.databases.map(() => '?').join(',')}) AND CHAR_LENGTH(constraint_name) >= ${LIMIT} ORDER BY 1, 2`, [...ctx.databases]);
    const found: AffectedObject[] = [];
    for (const row of candidates) {
      const database = String(row['db']);
      const table = String(row['tbl']);
      const [shown] = await ctx.source(`SHOW CREATE TABLE ${qualified(database, table)}`);
      for (const name of longForeignKeyNames(cellText(shown?.['Create Table']) ?? '')) {
        found.push({ database, object: table, detail: `${name} (${[...name].length})` });
      }
    }
    return found;
  },
};
