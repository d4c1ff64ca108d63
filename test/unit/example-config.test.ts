import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';

describe('config files', () => {
  it('config/example.yml is valid with its secrets set', async () => {
    const text = await readFile(new URL('../../config/example.yml', import.meta.url), 'utf8');
    const env = Object.fromEntries(['STATE_DB_PASSWORD', 'REDIS_PASSWORD', 'DB1_PASSWORD', 'DB7_PASSWORD', 'TEST1_PASSWORD', 'TEST2_PASSWORD'].map((k) => [k, 'x']));
    const config = parseConfig(text, env, 'example.yml');
    expect(config.migrations[0]?.policy.approval).toBe(true);
    expect(Object.keys(config.provisioners)).toEqual(['local-11.8', 'pool-11.8', 'docker-11.8']);
    expect([config.shell.impersonation, config.migrations[0]?.policy.approvalTtlHours]).toEqual([false, 4]);
    expect([config.migrations[0]?.policy.requireCheck, config.migrations[0]?.checks]).toEqual([{ withinDays: 7 }, { disabled: [] }]);
  });

  it('config/demo.yml is valid with no environment at all', async () => {
    const text = await readFile(new URL('../../config/demo.yml', import.meta.url), 'utf8');
    const config = parseConfig(text, {}, 'demo.yml');
    expect(config.migrations.map((m) => m.id)).toContain('mariadb-11.8');
    expect(config.accounts[0]?.databases).toEqual(['demo_shop', 'demo_blog']);
    expect(config.shell.impersonation).toBe(true);
  });
});
