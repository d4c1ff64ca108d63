import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { runOperation } from '../../src/operations/runner.ts';
import { runSteps } from '../../src/operations/steps/declarations.ts';
import { estimateDowntime, frozenPassCosts } from '../../src/commands/handlers/estimates.ts';
import type { OperationReport } from '../../src/messages/report-view.ts';
import { reportBlocks } from '../../src/messages/report-view.ts';
import { translator } from '../../src/messages/i18n.ts';
import { copyAccount } from '../../src/drivers/mariadb/copier/copy-account.ts';
import { syncAccount } from '../../src/drivers/mariadb/sync/sync.ts';
import { applyUserGrants, createUsersLocked, setLocked, userName, userStates, withAdmin } from '../../src/drivers/mariadb/live/users.ts';
import { killConnections } from '../../src/drivers/mariadb/live/kill-connections.ts';
import { canLogIn, fingerprint, handlePress, openLiveEnv, requestConfirm, resetToSource, source, as, type LiveEnv } from './helpers/live-env.ts';

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;

beforeAll(async () => {
  live = await openLiveEnv('runjournal');
  rt = await live.open();
});
afterAll(async () => {
  await live?.dispose();
});

const users = () => [{ user: live.appUser, host: '%' }];

/**
 * Does a run's first five steps the way the code before typed steps did,
 * with the MariaDB functions themselves, and journals each detail in that
 * code's format: a copier CopyReport (failures with errno and sqlState at
 * top level), pass summaries of raw sync reports, the freeze plan, the freeze.
 */
async function journalOldFormatSteps(id: string): Promise<void> {
  const at = () => new Date();
  const journal = async (step: string, detail: unknown) => {
    await rt.core.store.operations.patch(id, { step }, at());
    await rt.core.store.operations.journal(id, step, 'started', null, at());
    await rt.core.store.operations.journal(id, step, 'done', detail, at());
  };
  await journal('check-target', { replaced: [] });
  const prepared = await withAdmin(source, 'source', (s) => withAdmin(live.target, 'target', (t) => createUsersLocked(s, t, users())));
  const copy = await copyAccount({ source, target: live.target, databases: live.databases, users: [], replaceExisting: true });
  const granted = await withAdmin(live.target, 'target', (t) => applyUserGrants(t, prepared));
  await journal('precopy', { ...copy, users: granted, ok: copy.ok && granted.every((u) => u.ok) });
  const { verification, ...pass } = await syncAccount({ source, target: live.target, databases: live.databases, mode: 'online' });
  // An online pass that recorded a failure, as the old code journaled it (a later pass or the frozen one fixes it).
  const failure = { database: live.databases[0], object: 'orders', kind: 'data', statement: 'sync of orders', errno: 1205, sqlState: 'HY000', message: 'Lock wait timeout' };
  await journal('online-copy', [{ ...pass, failures: [failure], verifiedTables: verification.filter((v) => v.ok).length }]);
  const states = await withAdmin(source, 'source', (s) => userStates(s, users()));
  await journal('freeze-plan', { previouslyLocked: states.filter((s) => s.locked).map((s) => userName(s.user)) });
  await rt.core.store.operations.patch(id, { step: 'freeze' }, at());
  await rt.core.store.operations.journal(id, 'freeze', 'started', null, at());
  const killed = await withAdmin(source, 'source', async (s) => {
    await setLocked(s, users(), true);
    return killConnections(s, users());
  });
  await rt.core.store.operations.journal(id, 'freeze', 'done', { killed }, at());
}

async function confirmedRun(): Promise<string> {
  const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
  return (await handlePress(rt.core, as('alice'), confirm)).operations[0]!;
}

describe('the typed step journal', () => {
  it('resumes a run journaled in the format of the code before typed steps, and it ends succeeded', async () => {
    await resetToSource(live);
    const id = await confirmedRun();
    await rt.core.store.operations.transition(id, 'running', new Date(), { startedAt: new Date() }, ['queued']);
    await journalOldFormatSteps(id);
    expect(await canLogIn(source, live.appUser)).toBe(false);

    await runOperation(rt.core, id, 'w-resumer');
    const op = await rt.core.store.operations.get(id);
    expect(op?.status, JSON.stringify(op?.error)).toBe('succeeded');
    const steps = await rt.core.store.operations.steps(id);
    // The old rows were used as they are: the precopy and the freeze ran once, the rest ran on resume.
    expect(steps.filter((s) => s.step === runSteps.precopy.name && s.state === 'started')).toHaveLength(1);
    expect(steps.filter((s) => s.step === runSteps.finalCopy.name && s.state === 'done')).toHaveLength(1);
    expect((await rt.core.store.accountStates.get('acct'))?.serverId).toBe('target-11.8');
    expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
    expect(await canLogIn(live.target, live.appUser)).toBe(true);
  }, 120_000);

  it('says of a table outside the snapshot that the run verified it frozen, not the precopy’s caveat', async () => {
    await resetToSource(live);
    const admin = await mysql.createConnection({ ...source, database: live.databases[1] });
    await admin.query(`CREATE TABLE ${live.databases[1]}.counters (id INT PRIMARY KEY, hits INT NOT NULL) ENGINE=MyISAM`);
    await admin.query(`INSERT INTO ${live.databases[1]}.counters SELECT seq, seq * 3 FROM seq_1_to_200`);
    try {
      const id = await confirmedRun();
      await runOperation(rt.core, id, 'w-test');
      const op = await rt.core.store.operations.get(id);
      expect(op?.status, JSON.stringify(op?.error)).toBe('succeeded');
      const report = op?.report as OperationReport;
      const table = `${live.databases[1]}.counters`;
      expect(report.copy?.warnings.join(' ')).not.toContain(table);
      expect(report.copy?.outsideSnapshot).toEqual([]);
      expect(report.notes).toContainEqual({ key: 'report.verified-frozen', params: { tables: table } });
      const text = reportBlocks(translator('en'), report, 'en').map((b) => ('text' in b ? b.text : '')).join('\n');
      expect(text).toContain(`${table}: outside the precopy’s consistent snapshot (no transactions), verified identical with the other tables while frozen`);
      expect(text).not.toContain('only if nothing wrote');
      expect(await fingerprint(live.target, live.databases)).toEqual(await fingerprint(source, live.databases));
    } finally {
      await admin.query(`DROP TABLE IF EXISTS ${live.databases[1]}.counters`);
      await admin.end();
    }
  }, 120_000);

  it('estimates the downtime from the frozen passes journaled by the earlier runs, and shows the precopy apart', async () => {
    const costs = await frozenPassCosts(rt.core, 'acct');
    expect(costs).toHaveLength(2);
    const runs = (await rt.core.store.operations.recent('acct', 10)).filter((o) => o.kind === 'run' && o.status === 'succeeded');
    const downtimes = runs.map((o) => (o.report as OperationReport).downtimeMs ?? Number.NaN);
    for (const cost of costs) {
      expect(cost.bytesPerMs).toBeGreaterThan(0);
      expect(cost.overheadMs).toBeLessThanOrEqual(Math.max(...downtimes));
    }
    const bytes = (await rt.core.engine.driverOf('local-10.11').databaseSizes(source, live.databases)).reduce((n, d) => n + d.bytes, 0);
    const text = await estimateDowntime(rt.core, 'acct', bytes, translator('en'));
    const expected = bytes / (costs.reduce((n, c) => n + c.bytesPerMs, 0) / 2) + costs.reduce((n, c) => n + c.overheadMs, 0) / 2;
    expect(text).toContain(`about ${(expected / 1000).toFixed(1)} s (from the frozen passes of the last 2 runs or rollbacks of this account)`);
    expect(text).toMatch(/before it, the precopy takes about \d+ s while the account stays online/);
    // The measured runs' downtime is the order of the estimate, not the 3 s + size / copy speed of before.
    expect(expected).toBeLessThan(Math.max(...downtimes) * 3 + 500);
  });
});
