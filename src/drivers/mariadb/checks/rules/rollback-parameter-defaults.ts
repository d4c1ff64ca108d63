import { cellText } from '../../copier/connections.ts';
import type { Rule } from '../rule.ts';
import { codeOnly } from '../sql-text.ts';

/** `p INT DEFAULT 5` (or Oracle mode's `p INT := 5`) in a parameter list. */
const parameterDefault = /(?<![\w$.])default(?![\w$])|:=/i;

/** Default values of routine parameters (11.8): the old parser refuses the whole routine. */
export const rollbackParameterDefaults: Rule = {
  id: 'rollback-parameter-defaults',
  severity: 'blocker',
  direction: 'rollback',
  since: '11.8',
  docs: 'https://mariadb.com/docs/server/server-usage/stored-routines/stored-procedures/create-procedure',
  text: {
    en: {
      title: 'Routine parameters with default values',
      explanation: 'Since MariaDB 11.8 a procedure or function parameter may have a DEFAULT value. Older versions reject such routines with a syntax error, so the rollback cannot recreate them.',
      fix: 'Before rolling back, remove the DEFAULT clauses from these parameters (and pass the values in every CALL), or stay on the new version.',
    },
    fr: {
      title: 'Paramètres de routines avec valeur par défaut',
      explanation: 'Depuis MariaDB 11.8, un paramètre de procédure ou de fonction peut avoir une valeur DEFAULT. Les versions plus anciennes refusent ces routines (erreur de syntaxe) : le retour arrière ne peut pas les recréer.',
      fix: 'Avant le retour arrière, retirez les clauses DEFAULT de ces paramètres (et passez les valeurs à chaque CALL), ou restez sur la nouvelle version.',
    },
  },
  async run(ctx) {
    // information_schema shows no parameter default in 11.8; mysql.proc keeps the parameter list as written.
    const routines = await ctx.source(`SELECT db, name, param_list FROM mysql.proc WHERE db IN (${ctx.databases.map(() => '?').join(',')})
      AND type IN ('PROCEDURE', 'FUNCTION') ORDER BY 1, 2`, [...ctx.databases]);
    return routines
      .map((r) => ({ database: cellText(r['db']) ?? '', object: cellText(r['name']) ?? '', params: cellText(r['param_list']) ?? '' }))
      .filter((r) => parameterDefault.test(codeOnly(r.params)))
      .map((r) => ({ database: r.database, object: r.object, detail: r.params.replace(/\s+/g, ' ').slice(0, 200) }));
  },
};
