import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { ValidationError } from '../../src/errors.ts';
import { allows, resolveAccount, roleOf } from '../../src/domain/roles.ts';
import { UserError } from '../../src/errors.ts';
import { t } from '../../src/messages/i18n.ts';
import { canTransition, isFinal, sourcesOf } from '../../src/domain/operation-state.ts';

const yaml = `
admins: [{ slack: UADMIN }]
servers: [{ id: old, host: 127.0.0.1, user: root }]
provisioners: { tmp: { type: local, binary: /usr/sbin/mariadbd } }
migrations:
  - id: m1
    title: { en: M1, fr: M1 }
    from: ["10.11"]
    to: "11.8"
    docs: { en: "https://example.com/m1" }
    temporary: { provisioner: tmp }
accounts:
  - id: shop
    server: old
    databases: [shop]
    channels: { slack: [CSHOP] }
    members: [{ slack: UOWNER, role: owner }, { slack: UOP, role: operator }, { slack: UVIEW, role: viewer }]
  - id: blog
    server: old
    databases: [blog]
    channels: { slack: [CBLOG] }
    members: [{ slack: UOWNER, role: owner }]
  - id: clinic
    server: old
    databases: [clinic]
    channels: { slack: [CSHOP, CHOSTING] }
    members: [{ slack: UCLINIC, role: owner }]
  - id: bakery
    server: old
    databases: [bakery]
    channels: { slack: [CHOSTING] }
    members: [{ slack: UOWNER, role: viewer }, { slack: UCLINIC, role: viewer }]
`;
const config = parseConfig(yaml, {}, 'test.yml');
const shop = config.accounts[0]!;
const user = (id: string) => ({ platform: 'slack' as const, id });

describe('roles', () => {
  it('ranks viewer < operator < owner < admin', () => {
    expect(allows(roleOf(config, shop, user('UVIEW')), 'list')).toBe(true);
    expect(allows(roleOf(config, shop, user('UVIEW')), 'test')).toBe(false);
    expect(allows(roleOf(config, shop, user('UOP')), 'test')).toBe(true);
    expect(allows(roleOf(config, shop, user('UOP')), 'run')).toBe(false);
    expect(allows(roleOf(config, shop, user('UOWNER')), 'rollback')).toBe(true);
    expect(roleOf(config, shop, user('UADMIN'))).toBe('admin');
    expect(roleOf(config, shop, user('USTRANGER'))).toBeUndefined();
    expect(allows(undefined, 'list')).toBe(false);
  });
});

describe('account resolution', () => {
  it('takes the channel account, else the only account of the user, else asks', () => {
    expect(resolveAccount(config, user('UOWNER'), 'CBLOG').id).toBe('blog');
    expect(resolveAccount(config, user('UOP'), 'CELSEWHERE').id).toBe('shop');
    expect(() => resolveAccount(config, user('UOWNER'), 'CELSEWHERE')).toThrow(UserError);
    expect(() => resolveAccount(config, user('UOWNER'), 'C', 'nope')).toThrow(/account-unknown/);
    expect(() => resolveAccount(config, user('USTRANGER'), 'C')).toThrow(/account-none/);
  });

  it('names in its refusals only the accounts the user belongs to, every account for an admin', () => {
    const refusal = (who: string, channel: string, explicit?: string) => {
      try {
        resolveAccount(config, user(who), channel, explicit);
      } catch (error) {
        if (error instanceof UserError) return t('en', error.code, error.params);
      }
      throw new Error('resolved');
    };
    expect(refusal('UOP', 'C', 'nope')).toBe('Unknown account `nope`. Your accounts: shop.');
    expect(refusal('UOWNER', 'C', 'nope')).toBe('Unknown account `nope`. Your accounts: shop, blog, bakery.');
    expect(refusal('UADMIN', 'C', 'nope')).toBe('Unknown account `nope`. Your accounts: shop, blog, clinic, bakery.');
    expect(refusal('USTRANGER', 'C', 'nope')).toBe('Unknown account `nope`, and you are not a member of any account. Ask an admin to add you to one in the bot config.');
    // A channel shared by several customers: only those the user belongs to are offered.
    expect(refusal('UCLINIC', 'CHOSTING')).toBe('Which account? Add it to the command, one of: clinic, bakery.');
    expect(refusal('UOWNER', 'CHOSTING')).toBe('Which account? Add it to the command, one of: shop, blog, bakery.');
    expect(refusal('USTRANGER', 'CHOSTING')).toBe('You are not a member of any account. Ask an admin to add you to one in the bot config.');
  });
});

describe('config validation', () => {
  it('lists every problem by path', () => {
    const bad = yaml.replace('https://example.com/m1', 'not a url').replace('server: old\n    databases: [blog]', 'server: missing\n    databases: [blog]');
    try {
      parseConfig(bad, {}, 'bad.yml');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain('migrations[0].docs.en: must be a URL');
    }
    expect(() => parseConfig(yaml.replace('server: old\n    databases: [blog]', 'server: missing\n    databases: [blog]'), {}, 'x')).toThrow('accounts[1].server: unknown server "missing"');
  });

  it('interpolates ${ENV} and reports a missing variable without its value', () => {
    const withEnv = yaml.replace('user: root', 'user: root, password: "${DB_PASSWORD}"');
    expect(parseConfig(withEnv, { DB_PASSWORD: 's3cret' }, 'x').servers[0]!.password).toBe('s3cret');
    expect(() => parseConfig(withEnv, {}, 'x')).toThrow('servers[0].password: environment variable DB_PASSWORD is not set');
  });
});

describe('operation state machine', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('queued', 'running')).toBe(true);
    expect(canTransition('running', 'succeeded')).toBe(true);
    expect(canTransition('succeeded', 'running')).toBe(false);
    expect(canTransition('cancelled', 'queued')).toBe(false);
    expect(canTransition('pending_approval', 'running')).toBe(false);
    expect(sourcesOf('cancelled').sort()).toEqual(['pending_approval', 'queued', 'running']);
    expect(isFinal('failed')).toBe(true);
    expect(isFinal('running')).toBe(false);
  });
});
