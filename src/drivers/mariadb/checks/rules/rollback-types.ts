/**
 * What a rollback from 11.x cannot take back to an older version: data
 * types and values that version does not have. These rules run against the
 * account's current (newer) server, for the rollback direction.
 */
import type { AffectedObject } from '../../../reports.ts';
import { qualified, quoteIdent } from '../../copier/quote.ts';
import type { Rule } from '../rule.ts';

/** The largest TIMESTAMP before 11.5 (UTC): later values exist only on 11.5+. */
const OLD_TIMESTAMP_MAX = '2038-01-19 03:14:07.999999';

/** TIMESTAMP values after 2038-01-19 (11.5 extended the range to 2106): an older server cannot store them. */
export const rollbackTimestamps2038: Rule = {
  id: 'rollback-timestamps-2038',
  severity: 'blocker',
  direction: 'rollback',
  since: '11.5',
  docs: 'https://mariadb.com/docs/server/reference/data-types/date-and-time-data-types/timestamp',
  text: {
    en: {
      title: 'TIMESTAMP values after 2038 the older version cannot store',
      explanation: 'From 11.5 on, TIMESTAMP reaches 2106-02-07; before, it ends at 2038-01-19 03:14:07 UTC. These columns hold later values: the rollback would fail on them (or, without a strict sql_mode, store zero).',
      fix: 'Change these values, or the columns to DATETIME, before rolling back; or keep the account on the new version.',
    },
    fr: {
      title: 'Valeurs TIMESTAMP postérieures à 2038 que l\'ancienne version ne peut pas stocker',
      explanation: 'À partir de 11.5, TIMESTAMP va jusqu\'au 2106-02-07 ; avant, il s\'arrête au 2038-01-19 03:14:07 UTC. Ces colonnes contiennent des valeurs postérieures : le retour arrière échouerait sur elles (ou, sans sql_mode strict, stockerait zéro).',
      fix: 'Changez ces valeurs, ou passez les colonnes en DATETIME, avant le retour arrière ; ou gardez le compte sur la nouvelle version.',
    },
  },
  async run(ctx) {
    const tables = (await ctx.tables()).filter((t) => t.type === 'BASE TABLE' || t.type === 'SYSTEM VERSIONED');
    const versioned = new Set(tables.filter((t) => t.type === 'SYSTEM VERSIONED').map((t) => `${t.database}.${t.name}`));
    const names = new Set(tables.map((t) => `${t.database}.${t.name}`));
    const found: AffectedObject[] = [];
    for (const c of await ctx.columns()) {
      if (c.dataType !== 'timestamp' || !names.has(`${c.database}.${c.table}`) || c.generation !== null) continue;
      const table = qualified(c.database, c.table);
      // The session's time zone is +00:00 (openSession), so the literal is the UTC limit. History rows too: the rollback copies them.
      const all = versioned.has(`${c.database}.${c.table}`) ? ' FOR SYSTEM_TIME ALL' : '';
      const rows = await ctx.source(`SELECT ${quoteIdent(c.name)} AS v FROM ${table}${all} WHERE ${quoteIdent(c.name)} > '${OLD_TIMESTAMP_MAX}' LIMIT 1`);
      if (rows.length > 0) found.push({ database: c.database, object: c.table, column: c.name, detail: `'${String(rows[0]?.['v'])}'` });
    }
    return found;
  },
};
