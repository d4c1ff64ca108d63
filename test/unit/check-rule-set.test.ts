import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/drivers/mariadb/checks/rule.ts';
import { ruleSet } from '../../src/drivers/mariadb/checks/run-checks.ts';
import { compareVersions, crosses } from '../../src/drivers/mariadb/checks/versions.ts';

const rule = (id: string, since?: string, direction?: 'upgrade' | 'rollback'): Rule => ({
  id, severity: 'notice', docs: 'https://mariadb.com/kb', ...(since ? { since } : {}), ...(direction ? { direction } : {}),
  text: { en: { title: id, explanation: '', fix: '' }, fr: { title: id, explanation: '', fix: '' } },
  run: () => Promise.resolve([]),
});

describe('versions', () => {
  it('compares numerically, not as text, and ignores suffixes', () => {
    expect(compareVersions('10.11', '10.5')).toBeGreaterThan(0);
    expect(compareVersions('11.8.3-MariaDB-log', '11.8')).toBe(0);
    expect(crosses('10.11', '11.8', '11.7')).toBe(true);
    expect(crosses('10.11.19-MariaDB', '11.4', '11.7')).toBe(false);
    expect(crosses('11.8', '11.8', '11.7')).toBe(false);
    expect(() => compareVersions('next', '11.8')).toThrow('not a version number: "next"');
  });
});

describe('ruleSet', () => {
  const rules = [rule('always'), rule('vector', '11.7'), rule('uca', '11.5'), rule('back', '11.5', 'rollback'), rule('off')];
  it('takes the rules whose version change the migration crosses, minus the disabled ones', () => {
    expect(ruleSet(rules, '10.11', '11.8', 'upgrade', ['off']).map((r) => r.id)).toEqual(['always', 'vector', 'uca']);
    expect(ruleSet(rules, '10.11', '11.4', 'upgrade', []).map((r) => r.id)).toEqual(['always', 'off']);
  });
  it('takes rollback rules when going back across their version', () => {
    expect(ruleSet(rules, '11.8', '10.11', 'rollback', []).map((r) => r.id)).toEqual(['back']);
    expect(ruleSet(rules, '11.4', '10.11', 'rollback', []).map((r) => r.id)).toEqual([]);
  });
});
