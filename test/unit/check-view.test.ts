import { describe, expect, it } from 'vitest';
import { checkMessage, type CheckViewInput } from '../../src/messages/check-view.ts';
import { translator } from '../../src/messages/i18n.ts';
import { parseInline, toPlainText } from '../../src/messages/markup.ts';
import type { Block } from '../../src/messages/model.ts';
import type { CheckFinding, CheckReport, CheckSeverity } from '../../src/drivers/reports.ts';

const finding = (rule: string, severity: CheckSeverity, objects: CheckFinding['objects']): CheckFinding => ({
  rule, severity, docs: `https://mariadb.com/kb/en/${rule}/`, objects,
  text: {
    en: { title: `Title of ${rule}`, explanation: `Why ${rule} matters`, fix: `Fix ${rule}` },
    fr: { title: `Titre de ${rule}`, explanation: `Pourquoi ${rule} compte`, fix: `Corriger ${rule}` },
  },
});

const report = (findings: CheckFinding[], extra: Partial<CheckReport> = {}): CheckReport => ({
  direction: 'upgrade', sourceVersion: '10.11.9-MariaDB', targetVersion: '11.8', targetRead: false,
  rulesRun: ['a', 'b', 'c'], findings, durationMs: 1234, ...extra,
});

const input = (upgrade: CheckReport, rollback?: CheckReport): CheckViewInput => ({
  accountId: 'shop', migrationId: 'm118',
  upgrade: { serverId: 'db1', targetServerId: 'db7', report: upgrade },
  ...(rollback ? { rollback: { serverId: 'db7', targetServerId: 'db1', report: rollback } } : {}),
});

const sectionTexts = (blocks: readonly Block[]) => blocks.map((b) => ('text' in b ? toPlainText(b.text) : '')).join('\n');
const tr = translator('en');

describe('the answer of /migrate check', () => {
  it('groups findings blocker, warning, notice, each with rule id, title, explanation, objects, fix and documentation link', () => {
    const message = checkMessage(tr, 'en', input(report([
      finding('n1', 'notice', [{ database: 'shop', object: 'log' }]),
      finding('b1', 'blocker', [{ database: 'shop', object: 'orders', column: 'note', detail: 'utf8mb4_0900_ai_ci' }, { database: 'shop', object: 'p_total', line: 7 }]),
      finding('w1', 'warning', [{ object: 'sql_mode', detail: 'STRICT_TRANS_TABLES on 11.8 only' }]),
    ])));
    const text = sectionTexts(message.blocks);
    expect(text).toContain('Blockers: 1 · Warnings: 1 · Notices: 1');
    expect(text).toContain('Read on `db1` in 1.2 s, for 10.11.9 → 11.8; rules run: 3. The target server `db7` did not answer');
    const order = ['Blockers: the run', 'Title of b1', 'Warnings: behaviour', 'Title of w1', 'Notices: worth', 'Title of n1'].map((s) => text.indexOf(s));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(text).toContain('Title of b1 — `b1`\nWhy b1 matters\n• `shop.orders.note`: utf8mb4_0900_ai_ci\n• `shop.p_total` (line 7)\nFix: Fix b1\nDocumentation (https://mariadb.com/kb/en/b1/)');
    expect(text).toContain('• `sql_mode`: STRICT_TRANS_TABLES on 11.8 only');
    expect(message.text.split('\n')).toEqual([
      'Check of shop for m118', 'Blockers: 1 · Warnings: 1 · Notices: 1',
      '• [notice] Title of n1 (`n1`): 1', '• [blocker] Title of b1 (`b1`): 2', '• [warning] Title of w1 (`w1`): 1',
    ]);
    expect(message.check?.reports).toHaveLength(1);
  });

  it('says clearly when nothing is found, and which target it compared with', () => {
    const message = checkMessage(tr, 'en', input(report([], { targetRead: true })));
    expect(sectionTexts(message.blocks)).toContain('Nothing found: no rule of this migration stands in the way of `shop` on 11.8.');
    expect(sectionTexts(message.blocks)).toContain('The settings of the target server `db7` were compared.');
    expect(sectionTexts(message.blocks)).not.toContain('--json');
  });

  it('shows five objects of a long list and the count of the rest; the reports keep every object', () => {
    const objects = Array.from({ length: 42 }, (_, i) => ({ database: 'shop', object: `t${i}` }));
    const message = checkMessage(tr, 'en', input(report([finding('no-primary-key', 'notice', objects)])));
    const text = sectionTexts(message.blocks);
    expect(text).toContain('• `shop.t4`\n… and 37 more');
    expect(text).not.toContain('shop.t5`');
    expect(text).toContain('`--json` prints the full report');
    expect(message.check?.reports[0]?.findings[0]?.objects).toHaveLength(42);
  });

  it('keeps within chat limits: at most 24 findings shown, the others counted', () => {
    const many = Array.from({ length: 30 }, (_, i) => finding(`r${i}`, i < 3 ? 'blocker' : 'warning', [{ object: `o${i}` }]));
    const message = checkMessage(tr, 'en', input(report(many)));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(sectionTexts(message.blocks)).toContain('6 more findings are not shown here.');
    expect(sectionTexts(message.blocks)).toContain('Title of r0');
    expect(message.blocks.every((b) => !('text' in b) || b.text.length <= 3000)).toBe(true);
  });

  it('shows links and markup in object names and details as text, never as links', () => {
    const message = checkMessage(tr, 'en', input(report([finding('x', 'warning', [{ database: 'shop', object: '<https://evil.example|click>', detail: 'see <https://evil.example> *now*' }])])));
    const section = message.blocks.find((b) => b.type === 'section' && b.text.includes('evil'));
    const links = parseInline(section && 'text' in section ? section.text : '').filter((t) => t.kind === 'link').map((t) => (t.kind === 'link' ? t.url : ''));
    expect(links).toEqual(['https://mariadb.com/kb/en/x/']);
    expect(sectionTexts(message.blocks)).toContain('`shop.<https://evil.example|click>`: see <https://evil.example> *now*');
  });

  it('adds the rollback direction: what the old version could not take back', () => {
    const rollback = report([finding('rb', 'blocker', [{ database: 'shop', object: 'orders', detail: 'utf8mb4_uca1400_ai_ci' }])], {
      direction: 'rollback', sourceVersion: '11.8.3-MariaDB', targetVersion: '10.11.9-MariaDB', targetRead: true,
    });
    const message = checkMessage(tr, 'en', input(report([]), rollback));
    const text = sectionTexts(message.blocks);
    expect(text).toContain('Going back from 11.8.3 to 10.11.9: what the old version could not take back');
    expect(text.indexOf('Going back')).toBeLessThan(text.indexOf('Title of rb'));
    expect(text).toContain('The settings of the target server `db1` were compared.');
    expect(message.check?.reports.map((r) => r.direction)).toEqual(['upgrade', 'rollback']);
  });

  it('speaks French with the rule texts in French', () => {
    const fr = translator('fr');
    const message = checkMessage(fr, 'fr', input(report([finding('b1', 'blocker', [{ database: 'shop', object: 'p', line: 3 }])])));
    const text = sectionTexts(message.blocks);
    expect(text).toContain('Bloquants : 1 · Avertissements : 0 · Remarques : 0');
    expect(text).toContain('Titre de b1 — `b1`\nPourquoi b1 compte\n• `shop.p` (ligne 3)\nCorrection : Corriger b1');
    expect(checkMessage(fr, 'fr', input(report([]))).text).toContain('Bloquants : 0');
  });
});
