import type { DatabaseCatalog } from './catalog.ts';
import { quoteString } from './quote.ts';

/**
 * Session settings of target connections: the source's sql_mode (so zero
 * dates and other legacy values load as they are), no foreign key checks
 * (tables load in any order); data sessions also keep explicit 0 in
 * AUTO_INCREMENT columns. unique_checks stays on: with it off too, a load
 * into an empty table takes InnoDB's "bulk insert" path (MariaDB 10.6+),
 * which cost about twice the server CPU per row of the normal path (34-38 s
 * vs 17-20 s for 2.1 M rows on 11.8: `npm run bench:bulk-insert-path`).
 */
export function targetSetup(sourceSqlMode: string, forData: boolean): string[] {
  const mode = forData ? [sourceSqlMode, 'NO_AUTO_VALUE_ON_ZERO'].filter(Boolean).join(',') : sourceSqlMode;
  return [
    `SET SESSION sql_mode = ${quoteString(mode)}`,
    'SET SESSION foreign_key_checks = 0',
  ];
}

const SNAPSHOT_ENGINES = new Set(['INNODB']);

/** Warnings known before copying: tables the snapshot does not cover. */
export function sourceWarnings(catalogs: readonly DatabaseCatalog[]): string[] {
  const warnings: string[] = [];
  for (const db of catalogs) {
    for (const t of db.tables) {
      const engine = (t.engine ?? '').toUpperCase();
      if (engine === 'MRG_MYISAM') {
        warnings.push(`${db.name}.${t.name} is a MERGE table: created, not loaded; its rows are those of the MyISAM tables it unites, copied and verified on their own`);
        continue;
      }
      if (t.tableType !== 'SEQUENCE' && engine && !SNAPSHOT_ENGINES.has(engine)) {
        warnings.push(`${db.name}.${t.name} uses ${t.engine}, which the consistent snapshot does not cover: it was read-locked `
          + 'only while the snapshot was taken, so its rows match the other tables only if nothing wrote to it during the copy');
      }
    }
  }
  return warnings;
}
