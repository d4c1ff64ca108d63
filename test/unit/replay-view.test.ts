import { describe, expect, it } from 'vitest';
import { replayOutcomeSchema, type ReplayReport } from '../../src/drivers/reports.ts';
import { translator } from '../../src/messages/i18n.ts';
import { reportBlocks } from '../../src/messages/report-view.ts';

const side = { rows: 20, medianMs: 1.2, warnings: [] as string[], plan: ['orders: range k_customer'], error: null };
const report: ReplayReport = {
  source: 'query-log', fallbacks: [{ source: 'digests', reason: 'performance-schema-off' }], found: 60,
  refused: [{ reason: 'not-select', count: 45 }, { reason: 'writes', count: 2 }], replayed: 6, identical: 3, blockedWrites: 1, sourceErrors: 0, unstable: 1,
  differences: [
    {
      database: 'shop', fingerprint: 'SELECT customer, SUM(amount) FROM `orders` WHERE customer < ? GROUP BY customer', origin: 'query-log', kinds: ['plan'],
      planChanges: [{ table: 'orders', change: 'full-scan', source: 'orders: range k_customer', target: 'orders: ALL' }],
      source: side, target: { ...side, plan: ['orders: ALL'] },
    },
    {
      database: 'shop', fingerprint: 'SELECT id, FROM_UNIXTIME(renews_at) FROM `my table`', origin: 'query-log', kinds: ['result', 'warnings'], planChanges: [],
      source: { ...side, warnings: ['Warning 1292: Truncated incorrect unixtime value'] }, target: { ...side, rows: 21 },
    },
    { database: 'shop', fingerprint: 'SELECT * FROM gone', origin: 'query-log', kinds: ['error'], planChanges: [], source: side, target: { ...side, rows: null, error: "1146: Table 'shop.gone' doesn't exist" } },
  ],
  differenceCount: 3, regressions: [{ database: 'shop', fingerprint: 'SELECT * FROM t WHERE a = ?', sourceMs: 1.5, targetMs: 12.25, ratio: 8.2 }],
  budgetLeft: 0, runs: 3, durationMs: 2400,
};
const text = (locale: 'en' | 'fr', replay = replayOutcomeSchema.parse(JSON.parse(JSON.stringify(report)))) =>
  reportBlocks(translator(locale), { replay }, locale).map((b) => ('text' in b ? b.text : '')).join('\n');

describe('the query replay in a test report', () => {
  it('says where the queries came from, what was refused or stopped, and lists each difference by kind and each regression', () => {
    const shown = text('en');
    expect(shown).toContain('*Query replay* from the query log: 6 queries run on both servers (3 runs each, 2 s): 3 identical, 3 differ, 1 slower.');
    expect(shown).toContain('the source’s statement statistics (performance_schema) not used: performance_schema is off on the source');
    expect(shown).toContain('Not replayed: 45 not a SELECT, 2 writing (`INTO`, `PROCEDURE`).');
    expect(shown).toContain('1 queries tried to write (a stored function, `NEXTVAL`): the read-only transaction stopped them');
    expect(shown).toContain('• `SELECT customer, SUM(amount) FROM orders WHERE customer < ? GROUP BY customer` in shop: another plan: orders: range k_customer → ALL (full scan)');
    // Identifiers keep their backticks only when they need quoting, as double quotes (a backtick would end the code span).
    expect(shown).toContain('• `SELECT id, FROM_UNIXTIME(renews_at) FROM "my table"` in shop');
    expect(shown).toContain('other rows (source 20 rows, temporary server 21); other warnings (source: Warning 1292: Truncated incorrect unixtime value; temporary server: -)');
    expect(shown).toContain("fails on the temporary server: 1146: Table 'shop.gone' doesn't exist");
    expect(shown).toContain('The account stayed online during the test');
    expect(shown).toContain('• `SELECT \\* FROM t WHERE a = ?` in shop: 1.5 ms → 12.25 ms (×8.2)');
  });

  it('speaks French too', () => {
    const shown = text('fr');
    expect(shown).toContain('*Rejeu de requêtes* depuis le journal de requêtes : 6 requêtes exécutées sur les deux serveurs');
    expect(shown).toContain('autre plan : orders: range k_customer → ALL (parcours complet)');
  });

  it('shows a skipped replay only when it was not turned off', () => {
    expect(text('en', { skipped: 'disabled' })).toBe('');
    expect(text('en', { skipped: 'copy-differs' })).toBe('Query replay not run: the copy differs from the source already.');
    expect(text('fr', { skipped: 'failed', message: 'connection lost' })).toBe('Le rejeu de requêtes n’a pas pu s’exécuter : connection lost');
  });
});
