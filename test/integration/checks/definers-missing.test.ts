import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definersMissing } from '../../../src/drivers/mariadb/checks/rules/definers-missing.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { objectsOf, ruleFixture, runWith } from './run-checks-with.ts';

let target: TestServer;
let fixture: Awaited<ReturnType<typeof ruleFixture>>;

beforeAll(async () => {
  [target, fixture] = await Promise.all([startImageServer('11.8'), ruleFixture('definers-missing')]);
});
afterAll(async () => { await Promise.all([fixture?.drop(), target?.stop()]); });

describe('rule definers-missing', () => {
  it('with the target read, names the programs whose definer is neither an account user nor an account of the target', async () => {
    const report = await runWith([definersMissing], [fixture.database], { target: target.endpoint, users: fixture.users });
    expect(report.targetRead).toBe(true);
    expect(report.findings[0]?.severity).toBe('blocker');
    expect(objectsOf(report)).toEqual([
      { database: fixture.database, object: 'dm_src', detail: `event definer=chkb_src_${fixture.suffix}@%` },
      { database: fixture.database, object: 'dm_gone', detail: `procedure definer=chkb_gone_${fixture.suffix}@% sql_security=INVOKER` },
    ]);
  });

  it('without a target, names only the orphan definers of the current server', async () => {
    const report = await runWith([definersMissing], [fixture.database], { users: fixture.users });
    expect(objectsOf(report).map((o) => o.object)).toEqual(['dm_gone']);
  });

  it('judges a mapped definer by its replacement (CheckRequest.definers): an account of the target passes, an unknown one is named with its mapping', async () => {
    const definers = { [`chkb_src_${fixture.suffix}@%`]: 'root@localhost', [`chkb_gone_${fixture.suffix}@%`]: 'nobody_chkb@%' };
    const report = await runWith([definersMissing], [fixture.database], { target: target.endpoint, users: fixture.users, definers });
    expect(objectsOf(report)).toEqual([{
      database: fixture.database, object: 'dm_gone', detail: `procedure definer=chkb_gone_${fixture.suffix}@% mapped=nobody_chkb@% sql_security=INVOKER`,
    }]);
    // Mapped to one of the account's users (which the copy creates), the orphan passes too.
    const toUser = { [`chkb_src_${fixture.suffix}@%`]: `chkb_app_${fixture.suffix}@%`, [`chkb_gone_${fixture.suffix}@%`]: `chkb_app_${fixture.suffix}@%` };
    expect((await runWith([definersMissing], [fixture.database], { target: target.endpoint, users: fixture.users, definers: toUser })).findings).toEqual([]);
  });

  it('finds nothing when every definer is one of the account users', async () => {
    const clean = await ruleFixture('definers-missing', HOST_SOURCE, []);
    try {
      const ok = await runWith([definersMissing], [clean.database], {
        target: target.endpoint, users: [...clean.users, { user: `chkb_src_${clean.suffix}`, host: '%' }, { user: `chkb_gone_${clean.suffix}`, host: '%' }],
      });
      expect(ok.findings).toEqual([]);
    } finally {
      await clean.drop();
    }
  });
});
