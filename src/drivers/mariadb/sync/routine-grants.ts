import type { DatabaseUser } from '../../driver.ts';
import { readRoles } from '../copier/accounts.ts';
import { firstCellText, type Session } from '../copier/connections.ts';
import type { CopyJournal } from '../copier/failures.ts';
import { quoteAccount, quoteIdent } from '../copier/quote.ts';

const ROUTINE_KINDS = ['PROCEDURE', 'FUNCTION', 'PACKAGE', 'PACKAGE BODY'];

/**
 * The grants on routines of `databases` (GRANT EXECUTE ON PROCEDURE `db`.`p` ...)
 * held by `users` and by the roles they hold, as SHOW GRANTS prints them on `source`.
 */
async function routineGrants(source: Session, databases: readonly string[], users: readonly DatabaseUser[]): Promise<{ holder: string; grants: string[] }[]> {
  const targets = databases.flatMap((d) => ROUTINE_KINDS.map((kind) => ` ON ${kind} ${quoteIdent(d)}.`));
  const onRoutine = (grant: string): boolean => grant.startsWith('GRANT ') && targets.some((t) => grant.includes(t));
  const held: { holder: string; grants: string[] }[] = [];
  for (const user of users) {
    const grants = (await source.rows(`SHOW GRANTS FOR ${quoteAccount(user.user, user.host)}`)).map(firstCellText);
    held.push({ holder: `${user.user}@${user.host}`, grants: grants.filter(onRoutine) });
  }
  for (const role of await readRoles(source, users)) held.push({ holder: role.name, grants: role.grants.filter(onRoutine) });
  return held.filter((h) => h.grants.length > 0);
}

/**
 * Dropping a routine drops the privileges granted on it (mysql.procs_priv),
 * and a frozen pass drops and recreates every routine: the grants on the
 * account's routines, held by its users and the roles they hold, are made
 * again as the source has them. A grant that fails is a failure of its
 * holder (after the cutover, that user could not call the routine).
 */
export async function regrantRoutines(
  source: Session, target: Session, databases: readonly string[], users: readonly DatabaseUser[], journal: CopyJournal,
): Promise<void> {
  if (users.length === 0) return;
  let held: { holder: string; grants: string[] }[];
  try {
    held = await routineGrants(source, databases, users);
  } catch (error) {
    journal.fail({ database: '', object: 'routine grants', kind: 'grant', statement: 'SHOW GRANTS' }, error);
    return;
  }
  for (const { holder, grants } of held) {
    for (const grant of grants) {
      try {
        await target.exec(grant);
      } catch (error) {
        journal.fail({ database: '', object: holder, kind: 'grant', statement: grant }, error);
      }
    }
  }
}
