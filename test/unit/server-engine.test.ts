import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';

const secrets = Object.fromEntries(['STATE_DB_PASSWORD', 'REDIS_PASSWORD', 'DB1_PASSWORD', 'DB7_PASSWORD', 'TEST1_PASSWORD', 'TEST2_PASSWORD'].map((k) => [k, 'x']));
const example = () => readFile(new URL('../../config/example.yml', import.meta.url), 'utf8');

describe('the engine of a server', () => {
  it('defaults to mariadb, and example.yml names it', async () => {
    const config = parseConfig(await example(), secrets, 'example.yml');
    expect(config.servers.map((s) => s.engine)).toEqual(config.servers.map(() => 'mariadb'));
    expect(await example()).toContain('    engine: mariadb\n');
  });

  it('refuses an engine the bot has no driver for, naming the field', async () => {
    const text = (await example()).replace('    engine: mariadb\n', '    engine: postgres\n');
    expect(() => parseConfig(text, secrets, 'example.yml')).toThrow(/servers\[0\]\.engine: unknown engine: the bot has a driver for mariadb/);
  });
});
