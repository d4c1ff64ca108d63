import type { Writer } from '../../driver.ts';
import { cellText, type Session } from '../copier/connections.ts';
import { wildMatch } from './host-match.ts';

/** Privileges that change data, definitions or programs (EXECUTE: a SQL SECURITY DEFINER routine writes as its definer). */
const WRITE_PRIVS = ['Insert', 'Update', 'Delete', 'Create', 'Drop', 'Alter', 'Index', 'Create_view', 'Create_routine', 'Alter_routine', 'Execute', 'Trigger', 'Event', 'Delete_history'];
const TABLE_PRIVS = ['Insert', 'Update', 'Delete', 'Create', 'Drop', 'Index', 'Alter', 'Create View', 'Trigger', 'Delete versioning rows'];

const key = (user: string, host: string): string => `${user}\u0000${host}`;
const text = (value: unknown): string => cellText(value) ?? '';
const anyOf = (column: string, values: readonly string[]): string => values.map((v) => `FIND_IN_SET('${v}', ${column})`).join(' OR ');

/** The `*_priv` columns of a mysql table that exist on this server (MySQL lacks some of MariaDB's). */
async function privColumns(session: Session, table: 'user' | 'db'): Promise<string[]> {
  const rows = await session.rows("SELECT COLUMN_NAME c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = ?", [table]);
  const present = new Set(rows.map((r) => text(r['c']).toLowerCase()));
  return WRITE_PRIVS.map((p) => `${p}_priv`).filter((c) => present.has(c.toLowerCase()));
}

/** Users and roles ('' host) holding a write privilege on `databases` themselves: globally, on a database pattern, a table, a column, a routine. */
async function directHolders(session: Session, databases: readonly string[]): Promise<{ user: string; host: string; via: string }[]> {
  const dbMarks = databases.map(() => '?').join(',');
  const userCols = await privColumns(session, 'user');
  const dbCols = await privColumns(session, 'db');
  const queries: [string, string, unknown[]][] = [
    ['global', `SELECT User u, Host h FROM mysql.user WHERE 'Y' IN (${userCols.join(',')})`, []],
    // A database grant's name is a pattern (`shop\_%`.*): LIKE has the same wildcards and escape.
    ['database', `SELECT User u, Host h FROM mysql.db WHERE (${databases.map(() => '? LIKE Db').join(' OR ')}) AND 'Y' IN (${dbCols.join(',')})`, [...databases]],
    ['table', `SELECT User u, Host h FROM mysql.tables_priv WHERE Db IN (${dbMarks}) AND (${anyOf('Table_priv', TABLE_PRIVS)})`, [...databases]],
    ['column', `SELECT User u, Host h FROM mysql.columns_priv WHERE Db IN (${dbMarks}) AND (${anyOf('Column_priv', ['Insert', 'Update'])})`, [...databases]],
    ['routine', `SELECT User u, Host h FROM mysql.procs_priv WHERE Db IN (${dbMarks}) AND (${anyOf('Proc_priv', ['Execute', 'Alter Routine'])})`, [...databases]],
  ];
  const holders = [];
  for (const [via, sql, values] of queries) {
    for (const row of await session.rows(sql, values)) holders.push({ user: text(row['u']), host: text(row['h']), via });
  }
  return holders;
}

/**
 * Every account that can write to `databases`, and how: by its own
 * privileges, through a role granted to it (roles granted to roles
 * followed), through PUBLIC (then every account), or as a proxy of a writer.
 * Roles themselves are not accounts and are left out; so is the session's
 * own account (CURRENT_USER(): the bot's admin, which does the freeze).
 */
export async function listWriters(session: Session, databases: readonly string[]): Promise<Writer[]> {
  if (databases.length === 0) return [];
  const found = new Map<string, Writer>();
  const add = (user: string, host: string, via: string) => { if (!found.has(key(user, host))) found.set(key(user, host), { user, host, via }); };
  for (const h of await directHolders(session, databases)) add(h.user, h.host, h.via);
  const mappings = (await session.rows('SELECT User u, Host h, Role r FROM mysql.roles_mapping')).map((r) => ({ user: text(r['u']), host: text(r['h']), role: text(r['r']) }));
  // A role's grantee is a writer; a grantee that is itself a role (host '') passes it on.
  for (let grew = true; grew;) {
    grew = false;
    for (const m of mappings) {
      if (found.has(key(m.role, '')) && !found.has(key(m.user, m.host))) {
        add(m.user, m.host, `role ${m.role}`);
        grew = true;
      }
    }
  }
  if (found.has(key('PUBLIC', ''))) {
    for (const row of await session.rows("SELECT User u, Host h FROM mysql.user WHERE Host <> ''")) add(text(row['u']), text(row['h']), 'PUBLIC');
  }
  const accounts = [...found.values()].filter((w) => w.host !== '');
  // A proxy user logs in as the account it proxies (an empty proxied user: any account). The proxied row is
  // picked by the client's host at login, so any row of the proxied name may be it: hosts are not compared.
  for (const row of await session.rows('SELECT User u, Host h, Proxied_user p FROM mysql.proxies_priv')) {
    const proxied = text(row['p']);
    if (accounts.some((w) => proxied === '' || wildMatch(w.user, proxied, false))) add(text(row['u']), text(row['h']), `proxy of ${proxied || 'any account'}`);
  }
  const self = text((await session.rows('SELECT CURRENT_USER() c'))[0]?.['c']);
  return [...found.values()]
    .filter((w) => w.host !== '' && `${w.user}@${w.host}` !== self)
    .sort((a, b) => `${a.user}@${a.host}`.localeCompare(`${b.user}@${b.host}`));
}
