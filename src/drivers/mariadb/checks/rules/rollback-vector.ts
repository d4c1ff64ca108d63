import type { AffectedObject } from '../../../reports.ts';
import { cellText } from '../../copier/connections.ts';
import type { Rule } from '../rule.ts';
import { codeOnly, lineAt } from '../sql-text.ts';

/** VECTOR(N) as a type in a program body: a DECLARE, a CAST, a table the program creates. */
const vectorType = /(?<![\w$.])vector\s*\(\s*\d/i;

/** The VECTOR type (11.7): the old version cannot create a column, parameter or variable of it. */
export const rollbackVectorType: Rule = {
  id: 'rollback-vector-type',
  severity: 'blocker',
  direction: 'rollback',
  since: '11.7',
  docs: 'https://mariadb.com/docs/server/reference/sql-structure/vectors/vector',
  text: {
    en: {
      title: 'VECTOR columns and variables',
      explanation: 'The VECTOR type (and its VECTOR INDEX) came with MariaDB 11.7: the version the rollback goes back to refuses these tables and programs (unknown data type), so they cannot be copied back.',
      fix: 'Before rolling back, store these vectors another way (a VARBINARY or BLOB column holding VEC_ToText or the raw bytes) and drop the VECTOR columns and variables, or stay on the new version.',
    },
    fr: {
      title: 'Colonnes et variables VECTOR',
      explanation: 'Le type VECTOR (et son VECTOR INDEX) est arrivé avec MariaDB 11.7 : la version vers laquelle le retour arrière revient refuse ces tables et ces programmes (type de données inconnu), ils ne peuvent donc pas être recopiés.',
      fix: 'Avant le retour arrière, stockez ces vecteurs autrement (une colonne VARBINARY ou BLOB contenant VEC_ToText ou les octets bruts) et supprimez les colonnes et variables VECTOR, ou restez sur la nouvelle version.',
    },
  },
  async run(ctx) {
    const found: AffectedObject[] = (await ctx.columns())
      .filter((c) => c.dataType === 'vector')
      .map((c) => ({ database: c.database, object: c.table, column: c.name, detail: c.columnType }));
    const parameters = await ctx.source(`SELECT SPECIFIC_SCHEMA db, SPECIFIC_NAME name, PARAMETER_NAME param, DTD_IDENTIFIER type
      FROM information_schema.PARAMETERS WHERE DATA_TYPE = 'vector' AND SPECIFIC_SCHEMA IN (${ctx.databases.map(() => '?').join(',')})
      ORDER BY 1, 2, ORDINAL_POSITION`, [...ctx.databases]);
    for (const p of parameters) {
      // A function's return value is the parameter without a name (ordinal 0).
      const param = cellText(p['param']);
      found.push({ database: cellText(p['db']) ?? '', object: cellText(p['name']) ?? '', detail: `${param ?? 'RETURNS'} ${cellText(p['type']) ?? 'vector'}` });
    }
    for (const program of await ctx.programs()) {
      if (program.kind === 'view') continue;
      const code = codeOnly(program.body);
      const match = vectorType.exec(code);
      if (match) found.push({ database: program.database, object: program.name, line: lineAt(code, match.index), detail: match[0] });
    }
    return found;
  },
};
