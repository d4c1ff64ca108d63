import { describe, expect, it } from 'vitest';
import { reportBlocks, type OperationReport } from '../../src/messages/report-view.ts';
import { translator } from '../../src/messages/i18n.ts';
import { copyReportSchema, objectFailureSchema, type CopyReport } from '../../src/drivers/reports.ts';
import { neutralCopyReport } from '../../src/drivers/mariadb/neutral-reports.ts';
import type { CopyReport as MariadbCopyReport } from '../../src/drivers/mariadb/copier/types.ts';

const mariadbReport: MariadbCopyReport = {
  ok: false, startedAt: '2025-01-01T00:00:00.000Z', durationMs: 1200,
  databases: [{ name: 'shop', tables: 2, rows: 10, bytes: 1000, durationMs: 1200, failures: 1 }],
  totals: { tables: 2, rows: 10, bytes: 1000 }, users: [], compatibilityWarnings: [], verification: [],
  failures: [{ database: 'shop', object: 'v_orders', kind: 'view', statement: 'CREATE VIEW v_orders AS ...', errno: 1449, sqlState: 'HY000', message: 'The user specified as a definer does not exist' }],
  warnings: [
    'shop.counters uses MyISAM, which the consistent snapshot does not cover: it was read-locked only while the snapshot was taken, so its rows match the other tables only if nothing wrote to it during the copy',
    'shop.history is system-versioned: only its current rows are copied, not its history',
  ],
};

const text = (report: OperationReport, locale: 'en' | 'fr' = 'en') =>
  reportBlocks(translator(locale), report, locale).map((b) => ('text' in b ? b.text : '')).join('\n');

describe('engine-neutral reports and their view', () => {
  it('turns a MariaDB failure into a code with errno and SQLSTATE as details, and tables outside the snapshot into data', () => {
    const neutral = neutralCopyReport(mariadbReport);
    expect(neutral.failures).toEqual([{
      database: 'shop', object: 'v_orders', kind: 'view', statement: 'CREATE VIEW v_orders AS ...', message: 'The user specified as a definer does not exist',
      code: 'definer-missing', details: { errno: 1449, sqlState: 'HY000' },
    }]);
    expect(neutral.outsideSnapshot).toEqual(['shop.counters']);
    expect(neutral.warnings).toEqual(['shop.history is system-versioned: only its current rows are copied, not its history']);
    expect(text({ copy: neutral })).toContain('shop.v_orders (view): errno 1449 SQLSTATE HY000: The user specified as a definer does not exist');
    expect(text({ copy: neutral })).toContain('shop.counters: outside the consistent snapshot (no transactions)');
  });

  it('still shows reports stored before: failures with errno at top level, notes as strings', () => {
    // As an old report row holds it: no code, no details, no outsideSnapshot.
    const stored = JSON.parse(JSON.stringify({ copy: mariadbReport, notes: ['demo now runs on `db7` (11.8.3).'] })) as OperationReport;
    const shown = text(stored);
    expect(shown).toContain('shop.v_orders (view): errno 1449 SQLSTATE HY000');
    expect(shown).toContain('only if nothing wrote to it during the copy');
    expect(shown).toContain('demo now runs on `db7` (11.8.3).');
    // The journal's schema reads such a row into the neutral shape.
    expect(objectFailureSchema.parse(mariadbReport.failures[0])).toMatchObject({ code: 'failed', details: { errno: 1449, sqlState: 'HY000' } });
    const parsed: CopyReport = copyReportSchema.parse(mariadbReport);
    expect(parsed.outsideSnapshot).toEqual([]);
  });

  it('words message facts in the reader’s language', () => {
    const report: OperationReport = { notes: [{ key: 'report.old-copies', params: { server: 'db1' } }] };
    expect(text(report, 'en')).toBe('The old databases stay on `db1`, locked, until the rollback window closes.');
    expect(text(report, 'fr')).toBe('Les anciennes bases restent sur `db1`, verrouillées, jusqu’à la fermeture de la fenêtre de retour arrière.');
  });
});
