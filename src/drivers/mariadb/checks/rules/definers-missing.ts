import type { AffectedObject } from '../../../reports.ts';
import type { CheckContext } from '../context.ts';
import { accountKey, cell, definerKey, placeholders, serverAccounts } from '../read.ts';
import type { Rule } from '../rule.ts';

/** Views and routines declared SQL SECURITY INVOKER: still usable without their definer, but the copy reports them all the same. */
async function invokerObjects(ctx: CheckContext): Promise<Set<string>> {
  const dbs = placeholders(ctx.databases);
  const rows = await ctx.source(`SELECT table_schema AS db, table_name AS name, 'view' AS kind FROM information_schema.views
      WHERE table_schema IN (${dbs}) AND security_type = 'INVOKER'
    UNION ALL SELECT routine_schema, routine_name, LOWER(routine_type) FROM information_schema.routines
      WHERE routine_schema IN (${dbs}) AND security_type = 'INVOKER'`, [...ctx.databases, ...ctx.databases]);
  return new Set(rows.map((r) => `${cell(r, 'db')}.${cell(r, 'name')}.${cell(r, 'kind')}`));
}

/**
 * The programs whose DEFINER (after the migration's and the account's
 * `definers` mapping, ctx.definers: the copy writes the mapped account) is neither one of the
 * account's users (the copy creates them) nor an account of the target; with
 * no target read, of the current server (orphan definers).
 */
async function missingDefiners(ctx: CheckContext): Promise<AffectedObject[]> {
  const { definers } = ctx;
  const programs = await ctx.programs();
  if (programs.length === 0) return [];
  const accounts = await serverAccounts(ctx.target ?? ((sql, values) => ctx.source(sql, values)));
  const created = new Set(ctx.users.map((u) => accountKey(u.user, u.host)));
  const exists = (definer: string): boolean => created.has(definer) || accounts.has(definerKey(definer));
  const missing = programs.filter((p) => !exists(definers[p.definer] ?? p.definer));
  if (missing.length === 0) return [];
  const invoker = await invokerObjects(ctx);
  return missing.map((p) => {
    const mapped = definers[p.definer];
    const parts = [`${p.kind} definer=${p.definer}`, ...(mapped ? [`mapped=${mapped}`] : []),
      ...(invoker.has(`${p.database}.${p.name}.${p.kind}`) ? ['sql_security=INVOKER'] : [])];
    return { database: p.database, object: p.name, detail: parts.join(' ') };
  });
}

/** DEFINERs that will not exist where the programs run: every use of them fails with error 1449. */
export const definersMissing: Rule = {
  id: 'definers-missing',
  severity: 'blocker',
  docs: 'https://mariadb.com/docs/server/reference/error-codes/mariadb-error-codes-1400-to-1499/e1449',
  text: {
    en: {
      title: 'Views, routines, triggers or events whose DEFINER account will not exist',
      explanation: 'Views, routines, triggers and events run with the rights of their DEFINER account. Where that account does not exist, every use fails with error 1449: selecting from the view, calling the routine, any write that fires the trigger; an event stops running. The copy reports each of these objects as failed. The account is looked for among the account\'s users (the copy creates them) and on the target server; when the target could not be read, on the current server (an account dropped after it created the object).',
      fix: 'Add the DEFINER account to the account\'s users so the copy creates it, or map it to an existing account with `definers: { "old@host": "new@host" }` in the account\'s or the migration\'s config, or recreate the object with DEFINER = CURRENT_USER.',
    },
    fr: {
      title: 'Vues, routines, déclencheurs ou événements dont le compte DEFINER n\'existera pas',
      explanation: 'Les vues, routines, déclencheurs et événements s\'exécutent avec les droits de leur compte DEFINER. Là où ce compte n\'existe pas, chaque utilisation échoue avec l\'erreur 1449 : lire la vue, appeler la routine, toute écriture qui déclenche le déclencheur ; un événement cesse de s\'exécuter. La copie signale chacun de ces objets en échec. Le compte est cherché parmi les utilisateurs du compte (la copie les crée) et sur le serveur cible ; quand la cible n\'a pas pu être lue, sur le serveur actuel (un compte supprimé après avoir créé l\'objet).',
      fix: 'Ajoutez le compte DEFINER aux utilisateurs du compte pour que la copie le crée, ou faites-le correspondre à un compte existant avec `definers: { "ancien@hote": "nouveau@hote" }` dans la configuration du compte ou de la migration, ou recréez l\'objet avec DEFINER = CURRENT_USER.',
    },
  },
  run: missingDefiners,
};
