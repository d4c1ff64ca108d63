import type { DatabaseUser, Endpoint } from '../../driver.ts';
import { firstCellText, openSession, type Session } from '../copier/connections.ts';
import { quoteAccount } from '../copier/quote.ts';
import { grantStatements, readRoles, readUserDefinition } from '../copier/accounts.ts';
import { createRole } from '../copier/roles.ts';
import { recreateUser } from '../copier/users.ts';

export const userName = (u: DatabaseUser): string => `${u.user}@${u.host}`;

/** Runs `fn` on an admin session of `endpoint`, closed afterwards. Never aborted: freeze and unfreeze must finish. */
export async function withAdmin<T>(endpoint: Endpoint, side: 'source' | 'target', fn: (session: Session) => Promise<T>): Promise<T> {
  const session = await openSession(endpoint, side);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/** The users of `users` that exist on the server, and which of them are locked (ACCOUNT LOCK). */
export async function userStates(session: Session, users: readonly DatabaseUser[]): Promise<{ user: DatabaseUser; exists: boolean; locked: boolean }[]> {
  const states = [];
  for (const user of users) {
    const [row] = await session.rows('SELECT COUNT(*) n FROM mysql.user WHERE User = ? AND Host = ?', [user.user, user.host]);
    if (Number(row?.['n'] ?? 0) === 0) {
      states.push({ user, exists: false, locked: false });
      continue;
    }
    const create = firstCellText((await session.rows(`SHOW CREATE USER ${quoteAccount(user.user, user.host)}`))[0]);
    states.push({ user, exists: true, locked: /\bACCOUNT LOCK\b/i.test(create) });
  }
  return states;
}

/** ALTER USER ... ACCOUNT LOCK / UNLOCK for each existing user (idempotent). */
export async function setLocked(session: Session, users: readonly DatabaseUser[], locked: boolean): Promise<void> {
  for (const { user, exists } of await userStates(session, users)) {
    if (exists) await session.exec(`ALTER USER ${quoteAccount(user.user, user.host)} ACCOUNT ${locked ? 'LOCK' : 'UNLOCK'}`);
  }
}

/**
 * Creates the account's roles and users on the target, users LOCKED, as
 * the source has them (hashes, plugins, REQUIRE, limits, expiry), and
 * returns the statements to replay once the databases and routines exist:
 * grants (the roles' privileges, the users' own), then each password's
 * state. Creating users first lets the copied views and routines find
 * their DEFINER. An existing user of that name is replaced: the caller
 * checked it is ours; an existing role held outside the account is refused.
 */
export async function createUsersLocked(source: Session, target: Session, users: readonly DatabaseUser[]): Promise<{ user: DatabaseUser; grants: string[] }[]> {
  const roles = await readRoles(source, users);
  for (const role of roles) await createRole(target, role, true, users, roles);
  const result = [];
  for (const user of users) {
    const definition = await readUserDefinition(source, user);
    await recreateUser(target, definition, { replace: true, locked: true });
    result.push({ user, grants: grantStatements(definition, roles) });
  }
  return result;
}

/** Replays the statements returned by {@link createUsersLocked}; a user one of whose statements fails is not ok. */
export async function applyUserGrants(target: Session, users: readonly { user: DatabaseUser; grants: string[] }[]): Promise<{ user: string; host: string; ok: boolean }[]> {
  const result = [];
  for (const { user, grants } of users) {
    let ok = true;
    for (const grant of grants) {
      try {
        await target.exec(grant);
      } catch {
        ok = false;
      }
    }
    result.push({ user: user.user, host: user.host, ok });
  }
  return result;
}
