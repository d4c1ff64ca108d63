import { describe, expect, it } from 'vitest';
import { reportBlocks, type OperationReport } from '../../src/messages/report-view.ts';
import { objectLabel } from '../../src/messages/check-summary-view.ts';
import { translator } from '../../src/messages/i18n.ts';
import type { CheckFinding, CheckReport, PostImportReport } from '../../src/drivers/reports.ts';

const finding = (rule: string, severity: CheckFinding['severity'], objects: CheckFinding['objects']): CheckFinding => ({
  rule, severity, docs: 'https://mariadb.com/docs/server',
  text: { en: { title: `Title of ${rule}`, explanation: 'why', fix: 'how' }, fr: { title: `Titre de ${rule}`, explanation: 'pourquoi', fix: 'comment' } },
  objects,
});

const check: CheckReport = {
  direction: 'upgrade', sourceVersion: '10.11.19', targetVersion: '11.8.9', targetRead: true, durationMs: 40,
  rulesRun: ['no-primary-key', 'reserved', 'settings'],
  findings: [
    finding('no-primary-key', 'notice', Array.from({ length: 7 }, (_, i) => ({ database: 'shop', object: `t${i}` }))),
    finding('reserved', 'blocker', [{ database: 'shop', object: 'report', line: 3, detail: 'OFFSET' }, { database: 'shop', object: 'a*b`c' }]),
  ],
};

const postImport: PostImportReport = {
  checked: { tables: 12, views: 2, routines: 3, triggers: 1, events: 1 }, durationMs: 300,
  failures: [{ database: 'shop', object: 'v_orders', kind: 'view', check: 'read', message: "View 'shop.v_orders' references invalid table(s)", details: { errno: 1356, sqlState: 'HY000' } }],
};

const text = (report: OperationReport, locale: 'en' | 'fr' = 'en') =>
  reportBlocks(translator(locale), report, locale).map((b) => ('text' in b ? b.text : '')).join('\n');

describe('the test report’s check and post-import sections', () => {
  it('counts findings by severity, lists blockers first with the rule title, and cuts long lists of objects', () => {
    const shown = text({ check });
    expect(shown).toContain('*Compatibility check* (3 rules): 1 blockers, 0 warnings, 1 notices');
    const lines = shown.split('\n');
    expect(lines[1]).toBe('• blocker: Title of reserved — shop.report:3 (OFFSET), shop.a\\*b\\`c');
    expect(lines[2]).toBe('• notice: Title of no-primary-key — shop.t0, shop.t1, shop.t2, shop.t3, shop.t4, … and 2 more');
    expect(text({ check }, 'fr')).toContain('• bloquant : Titre de reserved — shop.report:3 (OFFSET)');
    expect(text({ check }, 'fr')).toContain('… et 2 de plus');
  });

  it('says when the check found nothing, and shows what the post-import checks looked at and refused', () => {
    expect(text({ check: { ...check, findings: [] } })).toBe('*Compatibility check*: 3 rules, nothing found');
    const shown = text({ postImport });
    expect(shown).toContain('*Checks on the temporary server*: 12 tables, 2 views, 3 routines, 1 triggers, 1 events; 1 failed');
    expect(shown).toContain("• shop.v_orders (view, read): errno 1356 SQLSTATE HY000: View 'shop.v_orders' references invalid table(s)");
    expect(text({ postImport }, 'fr')).toContain('*Contrôles sur le serveur temporaire* : 12 tables, 2 vues, 3 routines, 1 déclencheurs, 1 événements ; 1 en échec');
    expect(text({ postImport }, 'fr')).toContain('(view, lecture) : errno 1356');
  });

  it('names objects from database to line, a server setting by its detail alone, and cuts long names', () => {
    expect(objectLabel({ database: 'd', object: 't', column: 'c' })).toBe('d.t.c');
    expect(objectLabel({ detail: 'sql_mode: STRICT' })).toBe('sql_mode: STRICT');
    expect(objectLabel({ database: 'd', object: 'x'.repeat(200) })).toHaveLength(120);
  });
});
