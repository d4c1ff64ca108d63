import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { unknownRuleProblems } from '../../src/config/rule-ids.ts';
import { checkGap } from '../../src/domain/check-policy.ts';
import { DefaultEngine } from '../../src/drivers/default-engine.ts';
import { MariadbDriver } from '../../src/drivers/mariadb/mariadb-driver.ts';
import { ValidationError } from '../../src/errors.ts';

const yaml = (migrationExtra: string, accountPolicy = '{}') => `
servers: [{ id: old, host: 127.0.0.1, user: root }]
migrations:
  - id: m1
    title: { en: M1, fr: M1 }
    from: ["10.11"]
    to: "11.8"
    docs: { en: "https://example.com/m1" }
    testable: false
${migrationExtra}
accounts:
  - id: shop
    server: old
    databases: [shop]
    policy: ${accountPolicy}
`;

const now = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('the requireCheck policy', () => {
  it('is off unless asked for, or turned off for an account', () => {
    expect(checkGap({}, undefined, 'old', now)).toBeUndefined();
    expect(checkGap({ requireCheck: false }, undefined, 'old', now)).toBeUndefined();
  });

  it('asks for a check of the current server without blockers, within withinDays when given', () => {
    const clean = { serverId: 'old', blockers: 0, checkedAt: daysAgo(3) };
    expect(checkGap({ requireCheck: true }, undefined, 'old', now)).toEqual({ gap: 'missing' });
    expect(checkGap({ requireCheck: true }, clean, 'old', now)).toBeUndefined();
    expect(checkGap({ requireCheck: true }, { ...clean, blockers: 2 }, 'old', now)).toEqual({ gap: 'blockers' });
    expect(checkGap({ requireCheck: true }, clean, 'new', now)).toEqual({ gap: 'other-server' });
    expect(checkGap({ requireCheck: { withinDays: 2 } }, clean, 'old', now)).toEqual({ gap: 'stale', withinDays: 2 });
    expect(checkGap({ requireCheck: { withinDays: 7 } }, clean, 'old', now)).toBeUndefined();
  });

  it('is read from the config, the account overriding the migration', () => {
    const config = parseConfig(yaml('    policy: { requireCheck: { withinDays: 3 } }', '{ requireCheck: false }'), {}, 'test.yml');
    expect(config.migrations[0]?.policy.requireCheck).toEqual({ withinDays: 3 });
    expect(config.accounts[0]?.policy.requireCheck).toBe(false);
    expect(() => parseConfig(yaml('    policy: { requireCheck: { withinDays: -1 } }'), {}, 'test.yml')).toThrow(ValidationError);
  });
});

describe('checks.disabled of a migration', () => {
  it('defaults to no rule turned off', () => {
    expect(parseConfig(yaml(''), {}, 'test.yml').migrations[0]?.checks).toEqual({ disabled: [] });
  });

  it('is refused at start when it names a rule no driver has, naming the id, its path and the closest rule', () => {
    const config = parseConfig(yaml('    checks: { disabled: [no-primary-keys, nothing-like-this] }'), {}, 'test.yml');
    const problems = unknownRuleProblems(config, new MariadbDriver().checkRuleIds());
    expect(problems.map((p) => p.path)).toEqual(['migrations[0].checks.disabled[0]', 'migrations[0].checks.disabled[1]']);
    expect(problems[0]?.message).toContain('unknown rule "no-primary-keys" (did you mean "no-primary-key"?)');
    expect(problems[1]?.message).toMatch(/^unknown rule "nothing-like-this"; the rules are: (\S+, )*no-primary-key(, \S+)*$/);
    expect(() => new DefaultEngine(config)).toThrow(/migrations\[0\]\.checks\.disabled\[1\]: unknown rule "nothing-like-this"/);
  });

  it('accepts the ids of the driver\'s rules', () => {
    const config = parseConfig(yaml('    checks: { disabled: [no-primary-key] }'), {}, 'test.yml');
    expect(new MariadbDriver().checkRuleIds()).toContain('no-primary-key');
    expect(() => new DefaultEngine(config)).not.toThrow();
    expect(() => parseConfig(yaml('    checks: { disabled: ["Not An Id"] }'), {}, 'test.yml')).toThrow(/checks\.disabled\[0\]: must be a rule id/);
  });
});
