import type { TableInfo } from '../copier/catalog.ts';
import type { Session } from '../copier/connections.ts';
import { qualified } from '../copier/quote.ts';
import { cellText } from '../copier/connections.ts';
import type { RowsChecksum } from './types.ts';

/**
 * A table verified whole with the servers' own CHECKSUM TABLE: a CRC of
 * every stored row, computed in C over the row's stored bytes, about three
 * times cheaper than the portable per-row formula (rowHashSql), which
 * converts every column to text. Equal values from both servers prove the
 * rows equal; unequal ones only prove the two servers store rows
 * differently or the rows differ, so a mismatch is settled by the portable
 * formula (see verifyTables).
 *
 * InnoDB only: there CHECKSUM TABLE reads through the session's consistent
 * snapshot (test/integration/checksum-table.test.ts proves it on the host's
 * MariaDB 10.11), so rows written on the source after the snapshot do not
 * count.
 */
export function canChecksumTable(table: TableInfo): boolean {
  return table.tableType === 'BASE TABLE' && table.engine?.toLowerCase() === 'innodb';
}

/** CHECKSUM TABLE of one table, in the session's current transaction; null when the server gives none. */
export async function checksumTable(session: Session, table: TableInfo): Promise<string | null> {
  const [row] = await session.rows(`CHECKSUM TABLE ${qualified(table.database, table.name)}`);
  return cellText(row?.['Checksum']);
}

/** Row count and CHECKSUM TABLE of a table on a target. */
export async function countAndChecksumTable(session: Session, table: TableInfo): Promise<RowsChecksum> {
  const [row] = await session.rows(`SELECT COUNT(*) n FROM ${qualified(table.database, table.name)}`);
  return { rows: Number(cellText(row?.['n']) ?? 0), checksum: await checksumTable(session, table) };
}
