import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/drivers/mariadb/checks/rules/index.ts';
import { versionParts } from '../../src/drivers/mariadb/checks/versions.ts';

describe('the MariaDB rule catalogue', () => {
  it('has unique kebab-case ids, an https link, a parsable since and both languages filled and translated', () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of allRules) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.docs).toMatch(/^https:\/\//);
      if (rule.since !== undefined) expect(versionParts(rule.since).length).toBe(2);
      for (const field of ['title', 'explanation', 'fix'] as const) {
        expect(rule.text.en[field].length, `${rule.id} en.${field}`).toBeGreaterThan(10);
        expect(rule.text.fr[field].length, `${rule.id} fr.${field}`).toBeGreaterThan(10);
        expect(rule.text.fr[field], `${rule.id} ${field} is translated`).not.toBe(rule.text.en[field]);
      }
    }
  });
});
