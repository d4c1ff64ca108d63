/**
 * Words that became reserved between 10.5 and 11.8: unquoted as an
 * identifier they are a syntax error (1064) on the new server. Two rules:
 * names of the account's objects (the copy quotes them, the application's
 * own queries may not) and program bodies (the copy of the program itself
 * fails on the target).
 */
import type { AffectedObject } from '../../../reports.ts';
import { cellText } from '../../copier/connections.ts';
import { qualified } from '../../copier/quote.ts';
import type { CheckContext } from '../context.ts';
import type { Rule } from '../rule.ts';
import { tokenize, type Token } from '../sql-words.ts';
import { crosses } from '../versions.ts';

interface ReservedWord {
  readonly word: string;
  /** The version that reserved it. */
  readonly since: string;
  /** True when the token at `i` is the word used as the keyword it always was (not an identifier). */
  readonly keywordUse?: (tokens: readonly Token[], i: number) => boolean;
}

const upper = (t: Token | undefined): string => (t?.kind === 'word' ? t.text.toUpperCase() : '');

/**
 * Checked against the real servers: 10.11.19 and 11.8.9 accept and refuse
 * each as a column name exactly as listed (test/integration/checks/reserved-words.test.ts);
 * OFFSET and ROW_NUMBER from MariaDB's reserved words page and 10.6/10.7 upgrade notes.
 */
export const RESERVED_WORDS: readonly ReservedWord[] = [
  // `LIMIT n OFFSET m` was always valid: OFFSET right after a LIMIT clause's first value is that keyword.
  { word: 'OFFSET', since: '10.6', keywordUse: (tokens, i) => [1, 2, 3].some((back) => upper(tokens[i - back]) === 'LIMIT') },
  // The window function `ROW_NUMBER() OVER (...)` is the keyword; the identifier is never followed by `(`.
  { word: 'ROW_NUMBER', since: '10.7', keywordUse: (tokens, i) => tokens[i + 1]?.text === '(' },
  // START SLAVE UNTIL SQL_BEFORE_GTIDS / SQL_AFTER_GTIDS (MDEV-27247).
  { word: 'SQL_AFTER_GTIDS', since: '11.3' },
  { word: 'SQL_BEFORE_GTIDS', since: '11.3' },
  // The VECTOR data type.
  { word: 'VECTOR', since: '11.7' },
];

/** The words a migration from `from` to `to` newly reserves, by upper-case word. */
export function newlyReserved(from: string, to: string): Map<string, ReservedWord> {
  return new Map(RESERVED_WORDS.filter((w) => crosses(from, to, w.since)).map((w) => [w.word, w]));
}

const DOCS = 'https://mariadb.com/docs/server/reference/sql-structure/sql-language-structure/reserved-words';

/** Names of tables, columns, views, routines, triggers and events that are newly reserved words. */
export const reservedWords: Rule = {
  id: 'reserved-words',
  severity: 'warning',
  docs: DOCS,
  text: {
    en: {
      title: 'Names that are reserved words on the new version',
      explanation: 'These tables, columns, views, routines, triggers or events are named with a word the new version reserves. The migration quotes these names, so it copies them; but any query of the application that writes the name without backquotes fails there with a syntax error (1064).',
      fix: 'Write these names between backquotes (`name`) in the application\'s queries, or rename the objects before the migration.',
    },
    fr: {
      title: 'Noms qui sont des mots réservés dans la nouvelle version',
      explanation: 'Ces tables, colonnes, vues, routines, déclencheurs ou événements portent un nom que la nouvelle version réserve. La migration met ces noms entre guillemets obliques et les copie donc ; mais toute requête de l\'application qui écrit ce nom sans guillemets obliques y échoue avec une erreur de syntaxe (1064).',
      fix: 'Écrivez ces noms entre guillemets obliques (`nom`) dans les requêtes de l\'application, ou renommez les objets avant la migration.',
    },
  },
  async run(ctx) {
    const words = newlyReserved(ctx.fromVersion, ctx.toVersion);
    if (words.size === 0) return [];
    const hit = (name: string): boolean => words.has(name.toUpperCase());
    const found: AffectedObject[] = [];
    const seen = new Set<string>();
    const add = (o: AffectedObject): void => {
      const key = JSON.stringify(o);
      if (!seen.has(key)) { seen.add(key); found.push(o); }
    };
    for (const t of await ctx.tables()) if (hit(t.name)) add({ database: t.database, object: t.name, detail: t.name.toUpperCase() });
    for (const c of await ctx.columns()) if (hit(c.name)) add({ database: c.database, object: c.table, column: c.name, detail: c.name.toUpperCase() });
    for (const p of await ctx.programs()) if (hit(p.name)) add({ database: p.database, object: p.name, detail: `${p.kind} ${p.name.toUpperCase()}` });
    return found;
  },
};

/** Where a body uses a newly reserved word as an identifier: its line and the word. */
export function reservedWordUses(body: string, words: ReadonlyMap<string, ReservedWord>): { line: number; word: string }[] {
  const tokens = tokenize(body);
  const uses: { line: number; word: string }[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'word') return;
    const word = words.get(token.text.toUpperCase());
    if (!word) return;
    // After a dot (`t.vector`) any word is a name: the parser accepts reserved words there.
    if (tokens[i - 1]?.text === '.') return;
    if (word.keywordUse?.(tokens, i)) return;
    uses.push({ line: token.line, word: word.word });
  });
  return uses;
}

async function parameters(ctx: CheckContext): Promise<{ database: string; routine: string; kind: string; name: string }[]> {
  if (ctx.databases.length === 0) return [];
  const rows = await ctx.source(`SELECT specific_schema AS db, specific_name AS routine, routine_type AS kind, parameter_name AS name FROM information_schema.parameters
    WHERE specific_schema IN (${ctx.databases.map(() => '?').join(',')}) AND parameter_name IS NOT NULL ORDER BY 1, 2, ordinal_position`, [...ctx.databases]);
  return rows.map((r) => ({ database: String(r['db']), routine: String(r['routine']), kind: String(r['kind']), name: String(r['name']) }));
}

/**
 * Parameters of routines written unquoted with a newly reserved word. The
 * parameter list is not part of the body information_schema gives, so it is
 * read from SHOW CREATE, for the routines that have such a parameter only.
 */
async function parameterUses(ctx: CheckContext, words: ReadonlyMap<string, ReservedWord>): Promise<AffectedObject[]> {
  const found: AffectedObject[] = [];
  const routines = new Map<string, { database: string; routine: string; kind: string }>();
  for (const p of await parameters(ctx)) {
    if (words.has(p.name.toUpperCase())) routines.set(`${p.database}.${p.routine}`, p);
  }
  for (const { database, routine, kind } of routines.values()) {
    const [shown] = await ctx.source(`SHOW CREATE ${kind === 'FUNCTION' ? 'FUNCTION' : 'PROCEDURE'} ${qualified(database, routine)}`);
    const text = cellText(shown?.[kind === 'FUNCTION' ? 'Create Function' : 'Create Procedure']) ?? '';
    const body = (await ctx.programs()).find((p) => p.database === database && p.name === routine && p.kind === kind.toLowerCase())?.body ?? '';
    const header = body && text.endsWith(body) ? text.slice(0, text.length - body.length) : text;
    for (const use of reservedWordUses(header, words)) found.push({ database, object: routine, detail: `${kind.toLowerCase()} parameter: ${use.word}` });
  }
  return found;
}

/** Views, routines, triggers and events whose body (or a routine's parameter list) uses a newly reserved word unquoted. */
export const reservedWordsInPrograms: Rule = {
  id: 'reserved-words-in-programs',
  severity: 'blocker',
  docs: DOCS,
  text: {
    en: {
      title: 'Programs that use reserved words of the new version as names',
      explanation: 'The body of these views, routines, triggers or events (or the parameter list of these routines) uses a word the new version reserves as a name, without backquotes. The new version cannot parse them: creating them there fails (1064), so the migration cannot copy them.',
      fix: 'Put the word between backquotes (`word`) at the line shown, recreate the program on the current server (CREATE OR REPLACE ...), then check again.',
    },
    fr: {
      title: 'Programmes qui utilisent comme noms des mots réservés de la nouvelle version',
      explanation: 'Le corps de ces vues, routines, déclencheurs ou événements (ou la liste de paramètres de ces routines) utilise comme nom, sans guillemets obliques, un mot que la nouvelle version réserve. La nouvelle version ne sait pas les analyser : leur création y échoue (1064) et la migration ne peut pas les copier.',
      fix: 'Mettez le mot entre guillemets obliques (`mot`) à la ligne indiquée, recréez le programme sur le serveur actuel (CREATE OR REPLACE ...), puis relancez la vérification.',
    },
  },
  async run(ctx) {
    const words = newlyReserved(ctx.fromVersion, ctx.toVersion);
    if (words.size === 0) return [];
    const inBodies = (await ctx.programs()).flatMap((p) => reservedWordUses(p.body, words)
      .map((use) => ({ database: p.database, object: p.name, line: use.line, detail: `${p.kind}: ${use.word}` })));
    return [...await parameterUses(ctx, words), ...inBodies];
  },
};
