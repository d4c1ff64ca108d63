import type { AffectedObject } from '../../../reports.ts';
import { joinCount } from '../bodies.ts';
import { cell, placeholders } from '../read.ts';
import type { Rule } from '../rule.ts';

/** How many of the largest joined tables to name: the ones whose plans matter most. */
const LARGEST = 5;

/**
 * MariaDB 11.0 replaced the optimizer's cost model (costs in milliseconds of
 * engine work, new defaults for ranges, joins and table scans): most plans
 * get better, some get worse, and which ones cannot be told in advance.
 */
export const optimizerCostModel: Rule = {
  id: 'optimizer-cost-model',
  severity: 'notice',
  since: '11.0',
  docs: 'https://mariadb.com/kb/en/the-optimizer-cost-model-from-mariadb-11-0/',
  text: {
    en: {
      title: 'The query optimizer chooses plans differently on the new version',
      explanation: 'MariaDB 11.0 replaced the cost model the optimizer uses to choose indexes and join orders. Most queries get the same or a better plan, but some joins and range scans on large tables get a slower one. The account\'s views and programs that join tables, and the largest tables they join, are where a changed plan would show first.',
      fix: 'After the test import, run the application\'s heaviest queries on the temporary server and compare their EXPLAIN with the current server\'s; run ANALYZE TABLE on the large tables after the migration. A slow plan can be pinned with index hints or tuned with the optimizer_*_cost variables.',
    },
    fr: {
      title: 'L\'optimiseur de requêtes choisit ses plans autrement sur la nouvelle version',
      explanation: 'MariaDB 11.0 a remplacé le modèle de coût que l\'optimiseur utilise pour choisir les index et l\'ordre des jointures. La plupart des requêtes gardent un plan identique ou meilleur, mais certaines jointures et lectures par plage sur de grandes tables en obtiennent un plus lent. Les vues et programmes du compte qui joignent des tables, et les plus grandes tables qu\'ils joignent, sont là où un plan changé se verrait d\'abord.',
      fix: 'Après l\'import de test, lancez les requêtes les plus lourdes de l\'application sur le serveur temporaire et comparez leur EXPLAIN avec celui du serveur actuel ; lancez ANALYZE TABLE sur les grandes tables après la migration. Un plan lent peut être fixé par des indications d\'index ou réglé avec les variables optimizer_*_cost.',
    },
  },
  async run(ctx) {
    // Plans change for every account: that is the migration's documented incompatibility. The account is named when its own views or programs join.
    const joining = (await ctx.programs()).map((p) => ({ p, joins: joinCount(p.body) })).filter((j) => j.joins > 0);
    if (joining.length === 0) return [];
    const found: AffectedObject[] = joining.map(({ p, joins }) => ({ database: p.database, object: p.name, detail: `${p.kind} joins=${joins}` }));
    const tables = await ctx.source(`SELECT table_schema AS db, table_name AS tbl, table_rows AS n, data_length + index_length AS bytes
      FROM information_schema.tables WHERE table_schema IN (${placeholders(ctx.databases)}) AND table_type = 'BASE TABLE' AND table_rows > 0
      ORDER BY bytes DESC, table_rows DESC`, [...ctx.databases]);
    const joined = tables.map((row) => {
      const [db, tbl] = [cell(row, 'db'), cell(row, 'tbl')];
      // The name as a whole word, quoted or not (view bodies quote every name).
      const name = new RegExp(`(^|[^\\w$])\`?${tbl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`?([^\\w$]|$)`, 'i');
      return { db, tbl, row, joinedBy: joining.filter(({ p }) => p.database === db && name.test(p.body)).length };
    }).filter((t) => t.joinedBy > 0).slice(0, LARGEST);
    for (const { db, tbl, row, joinedBy } of joined) {
      found.push({ database: db, object: tbl, detail: `rows~${cell(row, 'n')} bytes=${cell(row, 'bytes')} joined_by=${joinedBy}` });
    }
    return found;
  },
};
