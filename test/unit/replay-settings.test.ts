import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { replaySettings } from '../../src/operations/replay-settings.ts';

const config = (migrationReplay: unknown, accountReplay: unknown) => configSchema.parse({
  servers: [{ id: 's', host: '127.0.0.1', user: 'root' }],
  migrations: [{ id: 'm', title: { en: 'M', fr: 'M' }, from: ['10.11'], to: '11.8', docs: { en: 'https://example.org' }, ...(migrationReplay ? { replay: migrationReplay } : {}) }],
  accounts: [{ id: 'a', server: 's', databases: ['d'], ...(accountReplay ? { replay: accountReplay } : {}) }],
});

describe('replay settings', () => {
  it('defaults to on, 200 queries, 30 s, 3 runs, twice as slow', () => {
    const c = config(undefined, undefined);
    expect(replaySettings(c.accounts[0]!, c.migrations[0]!)).toEqual({ enabled: true, maxQueries: 200, budgetMs: 30_000, runs: 3, slowRatio: 2 });
  });

  it("takes the account's fields over the migration's, field by field", () => {
    const c = config({ budgetSeconds: 10, runs: 5 }, { queryLog: '/var/log/mysql/a.log', runs: 1 });
    expect(replaySettings(c.accounts[0]!, c.migrations[0]!)).toEqual({ enabled: true, queryLog: '/var/log/mysql/a.log', maxQueries: 200, budgetMs: 10_000, runs: 1, slowRatio: 2 });
  });

  it('refuses nonsense with the field named', () => {
    expect(() => config({ runs: 0 }, undefined)).toThrow(/runs/);
  });
});
