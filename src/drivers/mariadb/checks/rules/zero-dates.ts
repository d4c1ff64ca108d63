/**
 * Zero dates ('0000-00-00', '2020-00-10') in DEFAULT clauses and in data,
 * against the sql_mode the new server will run applications under. The copy
 * itself runs under the source's mode, so it goes through; what fails is the
 * application afterwards.
 */
import type { AffectedObject } from '../../../reports.ts';
import { isZeroDateDefault, rejectsZeroDates } from '../../copier/compat.ts';
import { qualified, quoteIdent } from '../../copier/quote.ts';
import type { CheckContext } from '../context.ts';
import type { Rule } from '../rule.ts';

const DATE_TYPES = new Set(['date', 'datetime', 'timestamp']);

/** The global sql_mode a fresh server of every version from 10.2.4 to 11.8 starts with (MARIADB.md). */
export const DEFAULT_SQL_MODE = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION';

/** How long one column's scan may take before it is reported as not ruled out. */
const SCAN_SECONDS = 10;

/** The target's sql_mode when it can be read, else the version's default. */
export async function targetSqlMode(ctx: CheckContext): Promise<string> {
  return (ctx.target ? await ctx.variable('target', 'sql_mode') : null) ?? DEFAULT_SQL_MODE;
}

/**
 * A zero or partly zero date of a column, null when it has none: one query that stops at
 * the first match, bounded by SCAN_SECONDS (MariaDB's max_statement_time).
 * MONTH() and DAYOFMONTH() give 0 for those parts under the session's mode.
 */
async function zeroDateValue(ctx: CheckContext, database: string, table: string, column: string): Promise<{ value: string } | 'timeout' | null> {
  const c = quoteIdent(column);
  try {
    const rows = await ctx.source(`SET STATEMENT max_statement_time = ${SCAN_SECONDS} FOR
      SELECT ${c} AS v FROM ${qualified(database, table)} WHERE ${c} IS NOT NULL AND (MONTH(${c}) = 0 OR DAYOFMONTH(${c}) = 0) LIMIT 1`);
    return rows.length > 0 ? { value: String(rows[0]?.['v']) } : null;
  } catch (error) {
    // 1969: Query execution was interrupted (max_statement_time exceeded).
    if ((error as { errno?: unknown }).errno === 1969) return 'timeout';
    throw error;
  }
}

export const zeroDates: Rule = {
  id: 'zero-dates',
  severity: 'warning',
  docs: 'https://mariadb.com/docs/server/server-management/variables-and-modes/sql_mode#no_zero_date',
  text: {
    en: {
      title: 'Zero dates the new server\'s sql_mode refuses',
      explanation: 'The new server\'s sql_mode is strict and has NO_ZERO_DATE or NO_ZERO_IN_DATE. The migration copies these values as they are, but afterwards an application that inserts a row relying on a zero DEFAULT fails (1978 Incorrect default value), ALTER TABLE on these tables fails (1067 Invalid default value), and writing a zero date fails.',
      fix: 'Change zero defaults to NULL or a real date (ALTER TABLE t MODIFY col ... DEFAULT NULL) and zero values to NULL, or have the application set a session sql_mode without NO_ZERO_DATE/NO_ZERO_IN_DATE.',
    },
    fr: {
      title: 'Dates nulles que le sql_mode du nouveau serveur refuse',
      explanation: 'Le sql_mode du nouveau serveur est strict et contient NO_ZERO_DATE ou NO_ZERO_IN_DATE. La migration copie ces valeurs telles quelles, mais ensuite une application qui insère une ligne en comptant sur un DEFAULT nul échoue (1978 Incorrect default value), un ALTER TABLE de ces tables échoue (1067 Invalid default value), et l\'écriture d\'une date nulle échoue.',
      fix: 'Remplacez les valeurs par défaut nulles par NULL ou une vraie date (ALTER TABLE t MODIFY col ... DEFAULT NULL) et les valeurs nulles par NULL, ou faites définir par l\'application un sql_mode de session sans NO_ZERO_DATE/NO_ZERO_IN_DATE.',
    },
  },
  async run(ctx) {
    const mode = await targetSqlMode(ctx);
    if (!rejectsZeroDates(mode)) return [];
    const tables = new Set((await ctx.tables()).filter((t) => t.type === 'BASE TABLE' || t.type === 'SYSTEM VERSIONED').map((t) => `${t.database}.${t.name}`));
    const found: AffectedObject[] = [];
    for (const col of await ctx.columns()) {
      if (!DATE_TYPES.has(col.dataType) || !tables.has(`${col.database}.${col.table}`) || col.generation !== null) continue;
      const at = { database: col.database, object: col.table, column: col.name };
      if (isZeroDateDefault(col.defaultValue)) found.push({ ...at, detail: `DEFAULT ${col.defaultValue ?? ''}` });
      const zero = await zeroDateValue(ctx, col.database, col.table, col.name);
      // A scan that ran out of time is reported: a zero date is not ruled out.
      if (zero !== null) found.push({ ...at, detail: zero === 'timeout' ? `timeout ${SCAN_SECONDS} s` : `'${zero.value}'` });
    }
    return found;
  },
};
