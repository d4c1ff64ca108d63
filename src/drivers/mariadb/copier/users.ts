import type { DatabaseUser } from '../../endpoint.ts';
import { firstCellText, type Session } from './connections.ts';
import type { CopyJournal } from './failures.ts';
import { quoteAccount } from './quote.ts';

/** A user created on the target, with the GRANT statements still to replay. */
export interface PreparedUser {
  readonly user: DatabaseUser;
  readonly grants: string[];
  ok: boolean;
}

/**
 * Creates the account's users on the target from SHOW CREATE USER, which
 * carries the password hash, so applications log in with their usual
 * password. With `replace`, an existing user is dropped first (its grants
 * go with it); otherwise CREATE USER IF NOT EXISTS keeps it. Statements hold
 * hashes: they reach reports only through the journal, which redacts them.
 * Grants are returned, to replay once tables and routines exist.
 */
export async function createUsers(
  source: Session, target: Session, users: readonly DatabaseUser[], replace: boolean, journal: CopyJournal,
): Promise<PreparedUser[]> {
  const prepared: PreparedUser[] = [];
  for (const user of users) {
    const account = quoteAccount(user.user, user.host);
    const subject = { database: '', object: `${user.user}@${user.host}`, kind: 'user' as const };
    let statement = `SHOW CREATE USER ${account}`;
    try {
      const create = firstCellText((await source.rows(statement))[0]);
      statement = `SHOW GRANTS FOR ${account}`;
      const grants = (await source.rows(statement)).map(firstCellText);
      if (replace) {
        statement = `DROP USER IF EXISTS ${account}`;
        await target.exec(statement);
      }
      statement = replace ? create : create.replace(/^CREATE USER\b/i, 'CREATE USER IF NOT EXISTS');
      await target.exec(statement);
      prepared.push({ user, grants, ok: true });
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
