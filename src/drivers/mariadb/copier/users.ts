import type { DatabaseUser } from '../../endpoint.ts';
import { grantStatements, readRoles, readUserDefinition, type RoleDefinition, type UserDefinition } from './accounts.ts';
import type { Session } from './connections.ts';
import type { CopyJournal } from './failures.ts';
import { quoteAccount, quoteString } from './quote.ts';
import { createRole } from './roles.ts';

/** A user created on the target, with the statements (grants, then its password state) still to replay. */
export interface PreparedUser {
  readonly user: DatabaseUser;
  readonly grants: string[];
  ok: boolean;
}

/**
 * Makes a user on the target from its source definition: dropped first
 * with `replace` (its grants go with it), else kept when it exists.
 * With `locked` the account is created locked (ACCOUNT LOCK) whatever the
 * source says, so nobody logs in before the cutover. Returns false when
 * an existing user was kept.
 */
export async function recreateUser(target: Session, definition: UserDefinition, options: { replace: boolean; locked?: boolean }): Promise<boolean> {
  const { user } = definition;
  const account = quoteAccount(user.user, user.host);
  if (options.replace) await target.exec(`DROP USER IF EXISTS ${account}`);
  else if ((await target.rows('SELECT 1 FROM mysql.global_priv WHERE User = ? AND Host = ?', [user.user, user.host])).length > 0) return false;
  for (const [i, statement] of definition.create.entries()) {
    const lockedCreate = options.locked === true && i === 0 ? `${statement.replace(/\s+ACCOUNT\s+(UN)?LOCK\b/gi, '')} ACCOUNT LOCK` : statement;
    await target.exec(lockedCreate);
  }
  return true;
}

/**
 * Creates the roles `users` hold (transitively) on the target; a role that
 * cannot be made is recorded, and the grants naming it fail later.
 */
export async function createRoles(
  source: Session, target: Session, users: readonly DatabaseUser[], replace: boolean, journal: CopyJournal,
): Promise<RoleDefinition[]> {
  let roles: RoleDefinition[];
  try {
    roles = await readRoles(source, users);
  } catch (error) {
    journal.fail({ database: '', object: 'roles', kind: 'role', statement: 'SELECT Role FROM mysql.roles_mapping' }, error);
    return [];
  }
  for (const role of roles) {
    try {
      await createRole(target, role, replace, users, roles);
    } catch (error) {
      journal.fail({ database: '', object: role.name, kind: 'role', statement: `CREATE ROLE ${quoteString(role.name)}` }, error);
    }
  }
  return roles;
}

/**
 * Creates the account's roles and users on the target as the source has
 * them (SHOW CREATE USER carries the password hashes, so applications log
 * in with their usual password). Statements hold hashes: they reach
 * reports only through the journal, which redacts them. Grants are
 * returned, to replay once tables and routines exist.
 */
export async function createUsers(
  source: Session, target: Session, users: readonly DatabaseUser[], replace: boolean, journal: CopyJournal,
): Promise<PreparedUser[]> {
  const roles = await createRoles(source, target, users, replace, journal);
  const prepared: PreparedUser[] = [];
  for (const user of users) {
    const subject = { database: '', object: `${user.user}@${user.host}`, kind: 'user' as const };
    let statement = `SHOW CREATE USER ${quoteAccount(user.user, user.host)}`;
    try {
      const definition = await readUserDefinition(source, user);
      statement = definition.create.join(';\n');
      await recreateUser(target, definition, { replace });
      prepared.push({ user, grants: grantStatements(definition, roles), ok: true });
    } catch (error) {
      journal.fail({ ...subject, statement }, error);
      prepared.push({ user, grants: [], ok: false });
    }
  }
  return prepared;
}

/**
 * Replays the grants of created users. Run it before views and routines
 * (a DEFINER needs its grants to create a view) with `final` false: grants
 * that fail then (on routines not created yet) stay pending; run it again
 * after them with `final` true, which records what still fails and marks
 * the user not ok.
 */
export async function applyGrants(target: Session, users: PreparedUser[], journal: CopyJournal, final: boolean): Promise<void> {
  for (const prepared of users) {
    const pending: string[] = [];
    for (const grant of prepared.grants) {
      try {
        await target.exec(grant);
      } catch (error) {
        if (!final) { pending.push(grant); continue; }
        prepared.ok = false;
        journal.fail({ database: '', object: `${prepared.user.user}@${prepared.user.host}`, kind: 'grant', statement: grant }, error);
      }
    }
    prepared.grants.splice(0, prepared.grants.length, ...pending);
  }
}
