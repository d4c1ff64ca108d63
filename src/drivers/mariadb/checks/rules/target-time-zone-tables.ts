import type { AffectedObject } from '../../../reports.ts';
import { matchingLines } from '../bodies.ts';
import { cell, type Query } from '../read.ts';
import type { Rule } from '../rule.ts';

/** A zone the server knows without its time zone tables: an offset or SYSTEM. */
const BUILT_IN = /^([+-]\d{1,2}:\d{2}|SYSTEM)$/i;
/** CONVERT_TZ with two literal offsets is the only use that needs no table; any other (names, zones read from columns) does. */
const CONVERT_TZ = /\bconvert_tz\s*\(/i;
const OFFSETS_ONLY = /\bconvert_tz\s*\([^,]+,\s*'[+-]\d{1,2}:\d{2}'\s*,\s*'[+-]\d{1,2}:\d{2}'\s*\)/i;
/** time_zone = 'Europe/Paris' (a named zone assigned in a body). */
const NAMED_ASSIGNMENT = /\btime_zone\s*=\s*'(?![+-]\d)(?!system')[^']+'/i;

async function zoneNames(query: Query): Promise<number> {
  const [row] = await query('SELECT COUNT(*) AS n FROM mysql.time_zone_name');
  return row ? Number(cell(row, 'n')) : 0;
}

/** Named time zones the account uses, which the target cannot resolve: its time zone tables are empty. */
export const targetTimeZoneTables: Rule = {
  id: 'target-time-zone-tables',
  severity: 'warning',
  docs: 'https://mariadb.com/kb/en/convert_tz',
  text: {
    en: {
      title: 'Named time zones are used, and the target has no time zone tables',
      explanation: 'Zone names such as \'Europe/Paris\' or \'UTC\' are resolved through the mysql.time_zone* tables, which the current server has loaded and the target has not. After the migration CONVERT_TZ() with a named zone returns NULL without any error, SET time_zone = \'Europe/Paris\' fails (error 1298), and an event created in a named zone cannot be copied. The routines, triggers, views and events listed use named zones (or zones read from a column, which are names too).',
      fix: 'Load the time zone tables on the target (mariadb-tzinfo-to-sql /usr/share/zoneinfo | mariadb mysql) before the migration.',
    },
    fr: {
      title: 'Des fuseaux horaires nommés sont utilisés, et la cible n\'a pas de tables de fuseaux',
      explanation: 'Les noms de fuseaux comme \'Europe/Paris\' ou \'UTC\' sont résolus par les tables mysql.time_zone*, que le serveur actuel a chargées et la cible non. Après la migration, CONVERT_TZ() avec un fuseau nommé renvoie NULL sans aucune erreur, SET time_zone = \'Europe/Paris\' échoue (erreur 1298), et un événement créé dans un fuseau nommé ne peut pas être copié. Les routines, déclencheurs, vues et événements listés utilisent des fuseaux nommés (ou des fuseaux lus dans une colonne, qui sont aussi des noms).',
      fix: 'Chargez les tables de fuseaux horaires sur la cible (mariadb-tzinfo-to-sql /usr/share/zoneinfo | mariadb mysql) avant la migration.',
    },
  },
  async run(ctx) {
    if (!ctx.target) return [];
    const [source, target] = await Promise.all([zoneNames((sql) => ctx.source(sql)), zoneNames(ctx.target)]);
    if (source === 0 || target > 0) return [];
    const found: AffectedObject[] = [];
    for (const p of await ctx.programs()) {
      if (p.kind === 'event' && p.timeZone && !BUILT_IN.test(p.timeZone)) {
        found.push({ database: p.database, object: p.name, detail: `event time_zone=${p.timeZone}` });
      }
      const lines = new Set([
        ...matchingLines(p.body, CONVERT_TZ).filter((n) => !OFFSETS_ONLY.test(p.body.split('\n')[n - 1] ?? '')),
        ...matchingLines(p.body, NAMED_ASSIGNMENT),
      ]);
      for (const line of [...lines].sort((a, b) => a - b)) found.push({ database: p.database, object: p.name, line, detail: `${p.kind} named_zone` });
    }
    const global = await ctx.variable('source', 'time_zone');
    if (global && !BUILT_IN.test(global)) found.push({ object: 'time_zone', detail: `source_global=${global}` });
    return found;
  },
};
