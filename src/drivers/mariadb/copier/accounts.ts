import type { DatabaseUser } from '../../endpoint.ts';
import { firstCellText, type Session } from './connections.ts';
import { quoteAccount, quoteIdent, quoteString } from './quote.ts';

/** One of the account's users as the source has it. */
export interface UserDefinition {
  readonly user: DatabaseUser;
  /**
   * SHOW CREATE USER: authentication (every OR-ed method, with its hash),
   * REQUIRE, resource limits, lock and expiry; a password both expired and
   * on an expiry interval comes as a CREATE USER and an ALTER USER.
   */
  readonly create: string[];
  /** SHOW GRANTS: privileges at every level, proxy grants, roles (WITH ADMIN OPTION) and SET DEFAULT ROLE. */
  readonly grants: string[];
  /**
   * mysql.global_priv `password_last_changed` (seconds, 0 when expired):
   * no statement sets it, and replaying a grant that carries IDENTIFIED
   * resets it to now (un-expiring an expired password).
   */
  readonly passwordLastChanged: number | null;
}

/** A role the account's users hold, directly or through other roles. */
export interface RoleDefinition {
  readonly name: string;
  /** SHOW GRANTS FOR the role: its privileges and the roles granted to it. */
  readonly grants: string[];
}

/** The account's users and every role they hold (transitively), read from the source. */
export interface AccountDefinitions {
  readonly users: UserDefinition[];
  readonly roles: RoleDefinition[];
}

/** Reads one user's definition; throws when the user does not exist on the source. */
export async function readUserDefinition(source: Session, user: DatabaseUser): Promise<UserDefinition> {
  const account = quoteAccount(user.user, user.host);
  const create = (await source.rows(`SHOW CREATE USER ${account}`)).map(firstCellText);
  const grants = (await source.rows(`SHOW GRANTS FOR ${account}`)).map(firstCellText);
  const [state] = await source.rows("SELECT JSON_VALUE(Priv, '$.password_last_changed') c FROM mysql.global_priv WHERE User = ? AND Host = ?", [user.user, user.host]);
  const changed: unknown = state?.['c'];
  return { user, create, grants, passwordLastChanged: typeof changed === 'string' || typeof changed === 'number' ? Number(changed) : null };
}

/**
 * The roles `users` hold, then the roles those roles hold, and so on, in
 * the order they are found. SHOW GRANTS FOR a user names its roles but not
 * their privileges, so each role is read on its own.
 */
export async function readRoles(source: Session, users: readonly DatabaseUser[]): Promise<RoleDefinition[]> {
  const found: string[] = [];
  const holders: { user: string; host: string }[] = users.map((u) => ({ user: u.user, host: u.host }));
  for (let holder = holders.shift(); holder; holder = holders.shift()) {
    const rows = await source.rows('SELECT Role r FROM mysql.roles_mapping WHERE User = ? AND Host = ? ORDER BY Role', [holder.user, holder.host]);
    for (const role of rows.map((r) => String(r['r']))) {
      if (found.includes(role)) continue;
      found.push(role);
      holders.push({ user: role, host: '' });
    }
  }
  const roles: RoleDefinition[] = [];
  for (const name of found) roles.push({ name, grants: (await source.rows(`SHOW GRANTS FOR ${quoteString(name)}`)).map(firstCellText) });
  return roles;
}

/**
 * What to replay for a user once its roles exist and the databases,
 * tables and routines its grants name are created: the privileges of the
 * roles it holds (each statement once), its own grants, then its password
 * state put back as the source has it.
 */
export function grantStatements(definition: UserDefinition, roles: readonly RoleDefinition[]): string[] {
  const held = heldRoles(definition.grants, roles);
  const statements = [...new Set([...held.flatMap((r) => r.grants), ...definition.grants])];
  const changed = definition.passwordLastChanged;
  if (changed !== null && Number.isSafeInteger(changed) && changed >= 0) {
    statements.push(`UPDATE mysql.global_priv SET Priv = JSON_SET(Priv, '$.password_last_changed', ${changed}) `
      + `WHERE User = ${quoteString(definition.user.user)} AND Host = ${quoteString(definition.user.host)}`, 'FLUSH PRIVILEGES');
  }
  return statements;
}

/** The roles a list of grants names (GRANT `role` TO ...), with the roles those hold, deepest first. */
function heldRoles(grants: readonly string[], roles: readonly RoleDefinition[], seen = new Set<string>()): RoleDefinition[] {
  const held: RoleDefinition[] = [];
  for (const role of roles) {
    if (seen.has(role.name) || !grants.some((g) => g.startsWith(`GRANT ${quoteIdent(role.name)} TO `))) continue;
    seen.add(role.name);
    held.push(...heldRoles(role.grants, roles, seen), role);
  }
  return held;
}
