import type { Rule } from '../rule.ts';
import { isWord, tokenize } from '../sql-words.ts';

/** Lines of `body` that call SESSION_USER(). */
export function sessionUserCalls(body: string): number[] {
  const tokens = tokenize(body);
  return tokens.flatMap((t, i) => (isWord(t, 'SESSION_USER') && tokens[i - 1]?.text !== '.' && tokens[i + 1]?.text === '(' ? [t.line] : []));
}

/** SESSION_USER() returned USER() (user@client host) until 11.7; it now returns the account the session logged in as (user@%). */
export const sessionUser: Rule = {
  id: 'session-user-function',
  severity: 'warning',
  since: '11.7',
  docs: 'https://mariadb.com/docs/server/reference/sql-functions/secondary-functions/information-functions/session_user',
  text: {
    en: {
      title: 'Programs that call SESSION_USER()',
      explanation: 'Until 11.7 SESSION_USER() returned the same as USER(): the user name and the host the client connected from (app@192.0.2.10). From 11.7 on it returns the account the session authenticated as (app@%), like CURRENT_USER() at login. Audit columns, logs or checks these programs fill with it change values.',
      fix: 'Where the client\'s host is wanted, call USER() instead of SESSION_USER() at the line shown.',
    },
    fr: {
      title: 'Programmes qui appellent SESSION_USER()',
      explanation: 'Jusqu\'à 11.7, SESSION_USER() renvoyait la même chose que USER() : le nom d\'utilisateur et l\'hôte d\'où le client s\'est connecté (app@192.0.2.10). À partir de 11.7, elle renvoie le compte sous lequel la session s\'est authentifiée (app@%), comme CURRENT_USER() à la connexion. Les colonnes d\'audit, journaux ou contrôles que ces programmes en remplissent changent de valeur.',
      fix: 'Là où l\'hôte du client est voulu, appelez USER() au lieu de SESSION_USER() à la ligne indiquée.',
    },
  },
  async run(ctx) {
    return (await ctx.programs()).flatMap((p) => sessionUserCalls(p.body)
      .map((line) => ({ database: p.database, object: p.name, line, detail: `${p.kind}: SESSION_USER()` })));
  },
};
