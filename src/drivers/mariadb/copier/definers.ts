import { quoteIdent } from './quote.ts';

/**
 * DEFINER accounts to replace when copying programs, `user@host` →
 * `user@host` as information_schema writes them (for hosting setups where
 * programs were created by an admin: `{ "root@127.0.0.1": "acme_app@%" }`).
 */
export type DefinerMap = Readonly<Record<string, string>>;

/** `user`@`host` as SHOW CREATE writes a DEFINER; a name without `@` is a role. */
function definerClause(account: string): string {
  const at = account.lastIndexOf('@');
  return at < 0 ? `DEFINER=${quoteIdent(account)}` : `DEFINER=${quoteIdent(account.slice(0, at))}@${quoteIdent(account.slice(at + 1))}`;
}

/**
 * The first DEFINER clause of a SHOW CREATE statement (the object's own: it
 * precedes the body). Under ANSI_QUOTES the server quotes it with double quotes.
 */
const DEFINER_CLAUSE = /DEFINER=(?:`(?:[^`]|``)*`|"(?:[^"]|"")*")(?:@(?:`(?:[^`]|``)*`|"(?:[^"]|"")*"))?/;

/**
 * The statement and definer to create an object with: its own, or the
 * mapped one when `definers` names its definer.
 */
export function applyDefinerMapping(statement: string, definer: string, definers: DefinerMap): { statement: string; definer: string } {
  const mapped = definers[definer];
  if (mapped === undefined || !DEFINER_CLAUSE.test(statement)) return { statement, definer };
  return { statement: statement.replace(DEFINER_CLAUSE, () => definerClause(mapped)), definer: mapped };
}

/**
 * The failure of an object whose DEFINER does not exist on the target:
 * after cutover every use of it (a SELECT of the view, a CALL, an INSERT
 * firing the trigger) would fail with error 1449. Shaped like the server's
 * own error 1449.
 */
export function missingDefinerError(label: string, definer: string): { errno: number; sqlState: string; sqlMessage: string } {
  return {
    errno: 1449, sqlState: 'HY000',
    sqlMessage: `${label}: its DEFINER ${definer} does not exist on the target, so every use of it would fail (error 1449). `
      + `Create the account ${definer} on the target (add it to the account's users), or change the definer `
      + `(\`definers: { "${definer}": "<user@host>" }\` in the account's or the migration's config).`,
  };
}
