import type { CatalogueEntry, DatabaseUser, Endpoint } from '../../driver.ts';
import { readCatalog } from '../copier/catalog.ts';
import { userName, userStates, withAdmin } from './users.ts';

/** The account's databases and users that exist on a server (e.g. a run's target before the precopy). */
export async function existingObjects(endpoint: Endpoint, databases: readonly string[], users: readonly DatabaseUser[]): Promise<string[]> {
  return withAdmin(endpoint, 'target', async (session) => {
    const rows = databases.length === 0 ? [] : await session.rows(
      `SELECT SCHEMA_NAME n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${databases.map(() => '?').join(',')})`, [...databases]);
    const states = await userStates(session, users);
    return [...rows.map((r) => `database ${String(r['n'])}`), ...states.filter((s) => s.exists).map((s) => `user ${userName(s.user)}`)];
  });
}

/** The tables and programs of `databases`, as the copier reads them (one round of information_schema queries). */
export async function catalogue(endpoint: Endpoint, databases: readonly string[]): Promise<CatalogueEntry[]> {
  const catalogs = await withAdmin(endpoint, 'source', (session) => readCatalog(session, databases));
  return catalogs.flatMap((db) => [
    ...db.tables.map((t): CatalogueEntry => ({ database: db.name, name: t.name, kind: 'table', storage: t.engine })),
    ...[...db.views, ...db.routines, ...db.triggers, ...db.events].map((p): CatalogueEntry => ({ database: db.name, name: p.name, kind: p.kind, storage: null })),
  ]);
}

/**
 * Objects of `databases` on `from` whose collation or character set `to`
 * does not know (e.g. utf8mb4_uca1400_ai_ci, the 11.x default, on 10.11):
 * they cannot be copied back as they are. One line per object.
 */
export async function unknownCollations(from: Endpoint, to: Endpoint, databases: readonly string[]): Promise<string[]> {
  const marks = databases.map(() => '?').join(',');
  const used = await withAdmin(from, 'source', (session) => Promise.all([
    session.rows(`SELECT SCHEMA_NAME o, DEFAULT_COLLATION_NAME c FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${marks})`, [...databases]),
    session.rows(`SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) o, TABLE_COLLATION c FROM information_schema.TABLES
      WHERE TABLE_SCHEMA IN (${marks}) AND TABLE_COLLATION IS NOT NULL`, [...databases]),
    session.rows(`SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME, '.', COLUMN_NAME) o, COLLATION_NAME c FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA IN (${marks}) AND COLLATION_NAME IS NOT NULL`, [...databases]),
    session.rows(`SELECT CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME) o, DATABASE_COLLATION c FROM information_schema.ROUTINES
      WHERE ROUTINE_SCHEMA IN (${marks})`, [...databases]),
  ]));
  const kinds = ['database', 'table', 'column', 'routine'];
  const objects = used.flatMap((rows, i) => rows.map((r) => ({ kind: kinds[i] ?? 'object', name: String(r['o']), collation: String(r['c']) })));
  const names = [...new Set(objects.map((o) => o.collation))];
  if (names.length === 0) return [];
  const marks2 = names.map(() => '?').join(',');
  // Since 10.10, `utf8mb4_uca1400_ai_ci` is only listed under its full name in COLLATION_CHARACTER_SET_APPLICABILITY.
  const known = await withAdmin(to, 'target', (session) => session.rows(
    `SELECT COLLATION_NAME c FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (${marks2})
     UNION SELECT FULL_COLLATION_NAME FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY WHERE FULL_COLLATION_NAME IN (${marks2})`, [...names, ...names],
  ).catch(() => session.rows(`SELECT COLLATION_NAME c FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (${marks2})`, names)));
  const knownSet = new Set(known.map((r) => String(r['c'])));
  return objects.filter((o) => !knownSet.has(o.collation)).map((o) => `${o.kind} ${o.name} (${o.collation})`);
}
