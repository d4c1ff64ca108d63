/**
 * Small readers shared by the rules about server settings and accounts:
 * a cell as text, `IN (...)` lists, a setting on both sides, the accounts of
 * a server. All read only.
 */
import type { DatabaseUser } from '../../driver.ts';
import { cellText, type Row } from '../copier/connections.ts';
import type { CheckContext } from './context.ts';

/** A read-only query on one server (`ctx.source` or a reachable `ctx.target`). */
export type Query = (sql: string, values?: unknown[]) => Promise<Row[]>;

/** A column of a row as text, '' for NULL. */
export const cell = (row: Row, column: string): string => cellText(row[column]) ?? '';

/** `?,?,?` for `values`, `NULL` for none (so `IN (NULL)` matches nothing instead of being a syntax error). */
export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(',') || 'NULL';

/** A global variable on both servers; null when no target was read or either side lacks it. */
export async function bothSides(ctx: CheckContext, name: string): Promise<{ source: string; target: string } | null> {
  if (!ctx.target) return null;
  const [source, target] = await Promise.all([ctx.variable('source', name), ctx.variable('target', name)]);
  return source === null || target === null ? null : { source, target };
}

/** 'user@host' as information_schema writes a DEFINER; a role (no host) is 'role@'. */
export const accountKey = (user: string, host: string): string => `${user}@${host}`;
export const definerKey = (definer: string): string => (definer.includes('@') ? definer : `${definer}@`);

/** Every account and role of a server as accountKey (roles have an empty host in mysql.global_priv). */
export async function serverAccounts(query: Query): Promise<Set<string>> {
  const rows = await query('SELECT User AS u, Host AS h FROM mysql.global_priv');
  return new Set(rows.map((r) => accountKey(cell(r, 'u'), cell(r, 'h'))));
}

/** How the account's users log in, from the source's mysql.user: never the password hash, only whether there is one. */
export interface UserLogin {
  readonly user: string;
  readonly host: string;
  /** '' (no requirement), 'ANY' (REQUIRE SSL), 'X509', 'SPECIFIED' (ISSUER/SUBJECT/CIPHER). */
  readonly sslType: string;
  /** REQUIRE X509, or REQUIRE ISSUER/SUBJECT: the client must present a certificate the server can verify. */
  readonly needsClientCertificate: boolean;
  readonly plugin: string;
  readonly hasPassword: boolean;
}

export async function userLogins(ctx: CheckContext, users: readonly DatabaseUser[] = ctx.users): Promise<UserLogin[]> {
  if (users.length === 0) return [];
  const pairs = users.map(() => '(?, ?)').join(',');
  const rows = await ctx.source(`SELECT User AS u, Host AS h, ssl_type AS st, plugin,
      ssl_type = 'X509' OR (ssl_type = 'SPECIFIED' AND (x509_issuer <> '' OR x509_subject <> '')) AS cert,
      authentication_string <> '' OR Password <> '' AS pw
    FROM mysql.user WHERE (User, Host) IN (${pairs}) ORDER BY 1, 2`, users.flatMap((u) => [u.user, u.host]));
  return rows.map((r) => ({
    user: cell(r, 'u'), host: cell(r, 'h'), sslType: cell(r, 'st'), needsClientCertificate: cell(r, 'cert') === '1',
    plugin: cell(r, 'plugin') || 'mysql_native_password', hasPassword: cell(r, 'pw') === '1',
  }));
}
