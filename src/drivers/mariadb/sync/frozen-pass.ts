import type { DatabaseUser } from '../../driver.ts';
import type { DatabaseCatalog, TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import type { DefinerMap } from '../copier/definers.ts';
import type { CopyJournal } from '../copier/failures.ts';
import { copyPrograms } from '../copier/programs.ts';
import { qualified, quoteIdent } from '../copier/quote.ts';
import { cellText } from '../copier/connections.ts';
import { recopyUsers } from './frozen-users.ts';
import { regrantRoutines } from './routine-grants.ts';
import type { UserCopy } from '../../reports.ts';

const AUTO_INCREMENT_SQL = 'SELECT AUTO_INCREMENT a FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?';

/** Carries sequences' next values and AUTO_INCREMENT counters over (only when frozen: they move with every insert). */
async function carryCounters(control: Session, target: Session, tables: readonly TableInfo[], journal: CopyJournal): Promise<void> {
  for (const table of tables) {
    const where = [table.database, table.name];
    try {
      if (table.tableType === 'SEQUENCE') {
        const [row] = await control.rows(`SELECT CAST(next_not_cached_value AS CHAR) v, CAST(cycle_count AS CHAR) c FROM ${qualified(table.database, table.name)}`);
        const [value, round] = [cellText(row?.['v']) ?? '', cellText(row?.['c']) ?? ''];
        // With its cycle count: a sequence that cycled on the source resumes in the same round.
        if (/^-?\d+$/.test(value) && /^\d+$/.test(round)) await target.rows(`SELECT SETVAL(${qualified(table.database, table.name)}, ${value}, 0, ${round})`);
        continue;
      }
      const [s] = await control.rows(AUTO_INCREMENT_SQL, where);
      const [t] = await target.rows(AUTO_INCREMENT_SQL, where);
      const next = cellText(s?.['a']);
      // Only ever raised: rows reloaded with their explicit ids may have moved the target's counter past the source's.
      if (next !== null && /^\d+$/.test(next) && BigInt(next) > BigInt(cellText(t?.['a']) ?? '0')) {
        await target.exec(`ALTER TABLE ${qualified(table.database, table.name)} AUTO_INCREMENT = ${next}`);
      }
    } catch (error) {
      journal.fail({ database: table.database, object: table.name, kind: 'table', statement: 'carry AUTO_INCREMENT / sequence value' }, error);
    }
  }
}

/**
 * What only a frozen pass does, after the data: counters and sequences
 * carried over, views, routines, triggers and events recreated (dropped
 * by the catalogue diff), `users` brought to what the source has now
 * (frozen-users.ts), and the grants they and their roles hold on those
 * routines made again, so the target is complete for the cutover. Returns
 * how each user was copied.
 */
export async function completeFrozen(
  control: Session, target: Session, sources: readonly DatabaseCatalog[], sourceMode: string, journal: CopyJournal,
  options: { readonly definers?: DefinerMap | undefined; readonly users?: readonly DatabaseUser[] | undefined },
): Promise<UserCopy[]> {
  await carryCounters(control, target, sources.flatMap((c) => c.tables), journal);
  for (const db of sources) {
    await copyPrograms(control, target, db, sourceMode, journal, options.definers);
    await target.exec(`USE ${quoteIdent(db.name)}`);
  }
  const users = await recopyUsers(control, target, options.users ?? [], journal);
  await regrantRoutines(control, target, sources.map((db) => db.name), options.users ?? [], journal);
  return users;
}
