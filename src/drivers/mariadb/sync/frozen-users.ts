import type { DatabaseUser } from '../../driver.ts';
import type { UserCopy } from '../../reports.ts';
import { grantStatements, readRoles, readUserDefinition, type UserDefinition } from '../copier/accounts.ts';
import { firstCellText, type Session } from '../copier/connections.ts';
import type { CopyJournal } from '../copier/failures.ts';
import { quoteAccount } from '../copier/quote.ts';
import { createRole } from '../copier/roles.ts';
import { recreateUser } from '../copier/users.ts';

/** Grants on routines: dropped with the routines the frozen pass recreates, then granted again (routine-grants.ts). */
const ON_ROUTINE = / ON (PROCEDURE|FUNCTION|PACKAGE BODY|PACKAGE) /;

/** SHOW CREATE USER and SHOW GRANTS of a user on the target, or null when it is not there. */
async function targetDefinition(target: Session, user: DatabaseUser): Promise<{ create: string[]; grants: string[] } | null> {
  if ((await target.rows('SELECT 1 FROM mysql.global_priv WHERE User = ? AND Host = ?', [user.user, user.host])).length === 0) return null;
  const account = quoteAccount(user.user, user.host);
  return {
    create: (await target.rows(`SHOW CREATE USER ${account}`)).map(firstCellText),
    grants: (await target.rows(`SHOW GRANTS FOR ${account}`)).map(firstCellText),
  };
}

const sortedGrants = (grants: readonly string[]): string => grants.filter((g) => !ON_ROUTINE.test(g)).sort().join('\n');

/**
 * The user's authentication, limits and expiry as the source has them, its
 * grants untouched (ALTER USER takes CREATE USER's clauses), locked; then
 * its password's age put back, as grantStatements does for a new user.
 */
async function alterLike(target: Session, definition: UserDefinition): Promise<void> {
  for (const [i, statement] of definition.create.entries()) {
    const alter = i === 0 ? statement.replace(/^CREATE USER\b/i, 'ALTER USER') : statement;
    await target.exec(i === 0 ? `${alter.replace(/\s+ACCOUNT\s+(UN)?LOCK\b/gi, '')} ACCOUNT LOCK` : alter);
  }
  const age = grantStatements({ ...definition, grants: [] }, []);
  for (const statement of age) await target.exec(statement);
}

/**
 * The account's users brought to what the source has now that nobody
 * writes: a password rotated, a limit or a grant changed since the precopy
 * is what the new server has after the cutover (the old password no longer
 * logs in there). A user whose grants changed (or that is missing) is made
 * again whole; one whose authentication, limits or expiry changed is
 * altered, its grants (a PROXY grant the admin may not be able to give
 * again) kept; an unchanged one is left. Always locked until the unfreeze.
 * A user or grant that fails is recorded (the pass is then not ok).
 */
export async function recopyUsers(source: Session, target: Session, users: readonly DatabaseUser[], journal: CopyJournal): Promise<UserCopy[]> {
  const result: UserCopy[] = [];
  for (const user of users) {
    const subject = { database: '', object: `${user.user}@${user.host}`, kind: 'user' as const, statement: `SHOW CREATE USER ${quoteAccount(user.user, user.host)}` };
    try {
      const definition = await readUserDefinition(source, user);
      const copy = await targetDefinition(target, user);
      if (copy && sortedGrants(copy.grants) === sortedGrants(definition.grants)) {
        if (copy.create.join('\n') !== definition.create.join('\n')) await alterLike(target, definition);
        result.push({ user: user.user, host: user.host, ok: true });
        continue;
      }
      // Roles the account holds exist on the target since the precopy: kept (dropping one takes it from every holder), missing ones made.
      const roles = await readRoles(source, [user]);
      for (const role of roles) await createRole(target, role, false, users, roles);
      await recreateUser(target, definition, { replace: true, locked: true });
      let ok = true;
      for (const grant of grantStatements(definition, roles)) {
        try {
          await target.exec(grant);
        } catch (error) {
          ok = false;
          journal.fail({ ...subject, kind: 'grant', statement: grant }, error);
        }
      }
      result.push({ user: user.user, host: user.host, ok });
    } catch (error) {
      journal.fail(subject, error);
      result.push({ user: user.user, host: user.host, ok: false });
    }
  }
  return result;
}
