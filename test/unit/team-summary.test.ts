import { describe, expect, it } from 'vitest';
import { t, translator } from '../../src/messages/i18n.ts';
import { teamSummary, type OperationReport } from '../../src/messages/report-view.ts';

type Copy = NonNullable<OperationReport['copy']>;

function copyReport(tables: number, rows: number, failed: number): Copy {
  const failure = { database: 'shop', object: 'orders', kind: 'table' as const, statement: 'CREATE TABLE orders ...', code: 'create-failed' as const, details: { errno: 1071, sqlState: '42000' }, message: 'Specified key was too long' };
  return {
    ok: failed === 0, startedAt: '2026-12-01T09:00:00.000Z', durationMs: 4200,
    databases: [{ name: 'shop', tables, rows, bytes: rows * 100, durationMs: 4200, failures: failed }],
    totals: { tables, rows, bytes: rows * 100 },
    users: [], failures: Array.from({ length: failed }, () => failure), compatibilityWarnings: [], warnings: [], verification: [], outsideSnapshot: [],
  };
}

describe('teamSummary', () => {
  it('says in French what a run copied, that it was verified, and its downtime, with French numbers', () => {
    const summary = teamSummary(translator('fr'), 'fr', { copy: copyReport(12, 1_234_567, 0), downtimeMs: 230 }, 'run-abc');
    // Intl groups French thousands with a narrow no-break space (U+202F).
    expect(summary).toBe('12 tables, 1\u202f234\u202f567 lignes, vérifiées, interruption de 0,2 s');
    const message = t('fr', 'team.succeeded', { kind: t('fr', 'kind.run'), account: 'acme', migration: 'm118', summary });
    expect(message).toBe('migration de acme (m118) : réussite ; 12 tables, 1\u202f234\u202f567 lignes, vérifiées, interruption de 0,2 s');
    expect(message).not.toMatch(/\b(rows|verified|downtime)\b/);
  });

  it('counts failures instead of saying verified when objects failed', () => {
    expect(teamSummary(translator('fr'), 'fr', { copy: copyReport(3, 10, 2) }, 'test-abc')).toBe('3 tables, 10 lignes, 2 échecs');
    expect(teamSummary(translator('en'), 'en', { copy: copyReport(3, 10, 2) }, 'test-abc')).toBe('3 tables, 10 rows, 2 failures');
  });

  it('says the same in English, with English numbers', () => {
    expect(teamSummary(translator('en'), 'en', { copy: copyReport(12, 1_234_567, 0), downtimeMs: 1250 }, 'run-abc'))
      .toBe('12 tables, 1,234,567 rows, verified, downtime 1.3 s');
  });

  it('names the operation when its report holds no copy and no downtime', () => {
    expect(teamSummary(translator('fr'), 'fr', { notes: ['• shop.orders'] }, 'rollback-xyz')).toBe('opération `rollback-xyz`');
    expect(teamSummary(translator('en'), 'en', {}, 'rollback-xyz')).toBe('operation `rollback-xyz`');
  });
});
