/**
 * Column compression (`COMPRESSED`, 10.3+). 11.5 removed the deprecated
 * order `<type> CHARACTER SET x ... COMPRESSED`: only `<type> COMPRESSED
 * CHARACTER SET x` parses. SHOW CREATE TABLE always writes the accepted
 * order, so the copy of the tables works; DDL written by hand does not.
 */
import type { Rule } from '../rule.ts';
import { isWord, tokenize, type Token } from '../sql-words.ts';

const MARK = /\/\*M?!\d*\s*COMPRESSED/i;
const DOCS = 'https://mariadb.com/docs/server/ha-and-performance/optimization-and-tuning/optimization-and-tuning-compression/storage-engine-independent-column-compression';

const isName = (t: Token | undefined): boolean => t?.kind === 'word' || t?.kind === 'quoted' || t?.kind === 'string';

/** True when COMPRESSED at `i` follows a character set or collation clause (`CHARACTER SET x COMPRESSED`, `COLLATE y COMPRESSED`). */
function afterCharsetClause(tokens: readonly Token[], i: number): boolean {
  if (!isName(tokens[i - 1])) return false;
  const clause = tokens[i - 2];
  return isWord(clause, 'COLLATE') || isWord(clause, 'CHARSET')
    || (isWord(clause, 'SET') && (isWord(tokens[i - 3], 'CHARACTER') || isWord(tokens[i - 3], 'CHAR')));
}

/** Lines of `body` that write COMPRESSED after a character set or collation clause. */
export function oldCompressedSyntax(body: string): number[] {
  const tokens = tokenize(body);
  return tokens.flatMap((t, i) => (isWord(t, 'COMPRESSED') && afterCharsetClause(tokens, i) ? [t.line] : []));
}

export const compressedColumns: Rule = {
  id: 'compressed-columns',
  severity: 'notice',
  since: '11.5',
  docs: DOCS,
  text: {
    en: {
      title: 'Compressed columns',
      explanation: 'These columns use column compression. The migration recreates them as they are. From 11.5 on, COMPRESSED must come before the CHARACTER SET and COLLATE clauses: scripts or tools that write `varchar(100) CHARACTER SET utf8mb4 COMPRESSED` fail there with a syntax error (1064).',
      fix: 'In your own DDL scripts, write COMPRESSED right after the type: `varchar(100) COMPRESSED CHARACTER SET utf8mb4`.',
    },
    fr: {
      title: 'Colonnes compressées',
      explanation: 'Ces colonnes utilisent la compression de colonne. La migration les recrée à l\'identique. À partir de 11.5, COMPRESSED doit précéder les clauses CHARACTER SET et COLLATE : les scripts ou outils qui écrivent `varchar(100) CHARACTER SET utf8mb4 COMPRESSED` y échouent avec une erreur de syntaxe (1064).',
      fix: 'Dans vos propres scripts DDL, écrivez COMPRESSED juste après le type : `varchar(100) COMPRESSED CHARACTER SET utf8mb4`.',
    },
  },
  async run(ctx) {
    return (await ctx.columns()).filter((c) => MARK.test(c.columnType))
      .map((c) => ({ database: c.database, object: c.table, column: c.name, detail: c.columnType }));
  },
};

export const compressedSyntaxInPrograms: Rule = {
  id: 'compressed-syntax-in-programs',
  severity: 'blocker',
  since: '11.5',
  docs: DOCS,
  text: {
    en: {
      title: 'Programs that write COMPRESSED after CHARACTER SET or COLLATE',
      explanation: 'These routines, triggers or events create or alter columns with `... CHARACTER SET x COMPRESSED` (or `COLLATE y COMPRESSED`), an order removed in 11.5. The new version cannot parse them (1064), so the migration cannot copy them.',
      fix: 'Move COMPRESSED right after the column type at the line shown (`varchar(100) COMPRESSED CHARACTER SET x`), recreate the program on the current server, then check again.',
    },
    fr: {
      title: 'Programmes qui écrivent COMPRESSED après CHARACTER SET ou COLLATE',
      explanation: 'Ces routines, déclencheurs ou événements créent ou modifient des colonnes avec `... CHARACTER SET x COMPRESSED` (ou `COLLATE y COMPRESSED`), un ordre supprimé en 11.5. La nouvelle version ne sait pas les analyser (1064) : la migration ne peut pas les copier.',
      fix: 'Placez COMPRESSED juste après le type de colonne à la ligne indiquée (`varchar(100) COMPRESSED CHARACTER SET x`), recréez le programme sur le serveur actuel, puis relancez la vérification.',
    },
  },
  async run(ctx) {
    return (await ctx.programs()).flatMap((p) => oldCompressedSyntax(p.body)
      .map((line) => ({ database: p.database, object: p.name, line, detail: `${p.kind}: ... COMPRESSED` })));
  },
};
