import type { CatalogueEntry, Endpoint } from '../driver.ts';
import { readCatalog } from './copier/catalog.ts';
import { withAdmin } from './live/users.ts';

/** The tables and programs of `databases`, as the copier reads them (one round of information_schema queries). */
export async function catalogue(endpoint: Endpoint, databases: readonly string[]): Promise<CatalogueEntry[]> {
  const catalogs = await withAdmin(endpoint, 'source', (session) => readCatalog(session, databases));
  return catalogs.flatMap((db) => [
    ...db.tables.map((t): CatalogueEntry => ({ database: db.name, name: t.name, kind: 'table', storage: t.engine })),
    ...[...db.views, ...db.routines, ...db.triggers, ...db.events].map((p): CatalogueEntry => ({ database: db.name, name: p.name, kind: p.kind, storage: null })),
  ]);
}
