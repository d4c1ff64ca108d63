import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oldTemporal } from '../../../src/drivers/mariadb/checks/rules/old-temporal.ts';
import { checkFixture, runRules, type CheckFixture } from '../helpers/check-fixture.ts';
import { startHostServer, type TestServer } from '../helpers/copier-server.ts';
import { rulesAFixtures } from './fixture-rules-a.ts';

const fixture = rulesAFixtures['old-temporal'];
// The fixture turns mysql56_temporal_format off, a global setting: on a 10.11 server of its own, never the shared one.
let server: TestServer;
let found: CheckFixture;
let clean: CheckFixture;

beforeAll(async () => {
  server = await startHostServer();
  found = await checkFixture('ot', fixture?.triggers ?? [], server.endpoint);
  clean = await checkFixture('otc', fixture?.clean ?? [], server.endpoint);
});
afterAll(async () => { await server?.stop(); });

describe('rule old-temporal', () => {
  it('names the TIME, DATETIME and TIMESTAMP columns still in the MariaDB 5.3 format', async () => {
    const report = await runRules([oldTemporal], [found.database, clean.database], { source: server.endpoint });
    expect(report.findings[0]?.severity).toBe('notice');
    expect(report.findings[0]?.objects).toEqual([
      { database: found.database, object: 'ot', column: 'at', detail: 'datetime /* mariadb-5.3 */' },
      { database: found.database, object: 'ot', column: 't', detail: 'time /* mariadb-5.3 */' },
    ]);
  });

  it('finds nothing in columns of the current format', async () => {
    expect((await runRules([oldTemporal], [clean.database], { source: server.endpoint })).findings).toEqual([]);
  });
});
