import type { AffectedObject } from '../../../reports.ts';
import { codeLines } from '../bodies.ts';
import { codeOnly } from '../sql-text.ts';
import { cell, placeholders } from '../read.ts';
import type { Rule } from '../rule.ts';
import { isOn } from '../setting-changes.ts';
import { crosses } from '../versions.ts';

/**
 * explicit_defaults_for_timestamp, ON by default since 10.10 (MDEV-28632):
 * `ts TIMESTAMP` in a CREATE TABLE becomes NULL DEFAULT NULL instead of NOT
 * NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP (first column)
 * or NOT NULL DEFAULT '0000-00-00 00:00:00' (the others). Seen on 10.11.19:
 * existing tables keep their definition (the copy writes it in full), and
 * inserting NULL into them still stores the current time.
 */
export const explicitDefaultsForTimestamp: Rule = {
  id: 'explicit-defaults-for-timestamp',
  severity: 'warning',
  docs: 'https://mariadb.com/docs/release-notes/community-server/old-releases/release-notes-mariadb-10-10-series/what-is-mariadb-1010',
  text: {
    en: {
      title: 'TIMESTAMP columns created after the migration get other defaults',
      explanation: 'The current server runs with explicit_defaults_for_timestamp OFF; the target has it ON (the default since MariaDB 10.10). The copied tables keep their columns as they are, but a CREATE TABLE that declares `TIMESTAMP` without NULL or DEFAULT (an installer, a schema migration of the application, a routine) now makes a nullable column with no default, where it used to fill in the current time automatically and refresh it on every update. The columns listed look like they were made that way, and the routines listed create tables with TIMESTAMP columns.',
      fix: 'Write the default the application relies on in its CREATE TABLE statements (NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP), or set explicit_defaults_for_timestamp = OFF on the target.',
    },
    fr: {
      title: 'Les colonnes TIMESTAMP créées après la migration reçoivent d\'autres valeurs par défaut',
      explanation: 'Le serveur actuel tourne avec explicit_defaults_for_timestamp à OFF ; la cible l\'a à ON (la valeur par défaut depuis MariaDB 10.10). Les tables copiées gardent leurs colonnes telles quelles, mais un CREATE TABLE qui déclare `TIMESTAMP` sans NULL ni DEFAULT (un installateur, une migration de schéma de l\'application, une routine) crée désormais une colonne acceptant NULL sans valeur par défaut, là où elle recevait automatiquement l\'heure courante, mise à jour à chaque modification. Les colonnes listées semblent avoir été créées ainsi, et les routines listées créent des tables avec des colonnes TIMESTAMP.',
      fix: 'Écrivez dans les CREATE TABLE de l\'application la valeur par défaut dont elle dépend (NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP), ou réglez explicit_defaults_for_timestamp = OFF sur la cible.',
    },
  },
  async run(ctx) {
    const source = await ctx.variable('source', 'explicit_defaults_for_timestamp');
    // Without a target, the target has the default of its version.
    const target = ctx.target ? await ctx.variable('target', 'explicit_defaults_for_timestamp')
      : crosses(ctx.fromVersion, ctx.toVersion, '10.10') ? 'ON' : source;
    if (source === null || isOn(source) || !isOn(target)) return [];
    const rows = await ctx.source(`SELECT table_schema AS db, table_name AS tbl, column_name AS col, column_default AS def, extra
      FROM information_schema.columns c WHERE table_schema IN (${placeholders(ctx.databases)}) AND data_type = 'timestamp' AND is_nullable = 'NO'
        AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name
          AND t.table_type <> 'VIEW')
      ORDER BY 1, 2, ordinal_position`, [...ctx.databases]);
    // The two shapes the implicit rule produces.
    const implicit = rows.filter((r) => (/^current_timestamp/i.test(cell(r, 'def')) && /on update current_timestamp/i.test(cell(r, 'extra')))
      || /^'?0000-00-00 00:00:00'?$/.test(cell(r, 'def')));
    const found: AffectedObject[] = implicit.map((r) => ({
      database: cell(r, 'db'), object: cell(r, 'tbl'), column: cell(r, 'col'), detail: `timestamp not_null default=${cell(r, 'def')}`,
    }));
    for (const p of await ctx.programs()) {
      // A keyword and a type, never in a string: a comment or a message mentioning them is not a CREATE TABLE.
      if (p.kind === 'view' || !/\bcreate\s+(?:temporary\s+)?table\b/i.test(codeOnly(p.body))) continue;
      for (const line of codeLines(p.body, /\btimestamp\b/i)) found.push({ database: p.database, object: p.name, line, detail: `${p.kind} create_table timestamp` });
    }
    return found.length === 0 ? [] : [{ object: 'explicit_defaults_for_timestamp', detail: `source=${source} target=${target ?? '?'}` }, ...found];
  },
};
