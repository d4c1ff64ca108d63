import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { handleCommand } from '../../src/commands/dispatch.ts';
import type { RequestContext } from '../../src/domain/identity.ts';
import type { OperationReport } from '../../src/messages/report-view.ts';
import { replayOutcomeSchema } from '../../src/drivers/reports.ts';
import { eventually, openTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
const alice: RequestContext = { user: { platform: 'shell', id: 'alice', name: 'alice' }, channelId: 'terminal', locale: 'en' };

beforeAll(async () => {
  t = await openTestCore('flow', { seed: true });
  await t.startWorker();
});
afterAll(async () => {
  await t.dispose();
});

async function finished(id: string) {
  return eventually(async () => {
    const op = await t.core.store.operations.get(id);
    return op && ['succeeded', 'failed', 'cancelled'].includes(op.status) ? op : undefined;
  }, 120_000, `operation ${id} to finish`);
}

describe('test import through the queue and the worker', () => {
  it('copies the demo account to MariaDB 11.8, verifies it, and reports with the address; the app user logs in there', async () => {
    const outcome = await handleCommand(t.core, alice, '/migrate test mariadb-11.8 demo');
    expect(outcome.operations).toHaveLength(1);
    const first = t.chat.posts.find((p) => p.message.operation?.id === outcome.operations[0]);
    expect(first?.message.operation?.status).toBe('queued');
    expect(first?.message.text).toContain('queued');
    const op = await finished(outcome.operations[0]!);
    expect(op.status).toBe('succeeded');
    const report = op.report as OperationReport;
    expect(report.copy?.ok).toBe(true);
    expect(report.copy?.verification.length).toBeGreaterThanOrEqual(11);
    expect(report.copy?.verification.every((v) => v.ok)).toBe(true);
    // Its read queries were replayed there; the host's 10.11 has no performance_schema and the demo no query log: its tables and views.
    const replay = replayOutcomeSchema.parse(report.replay);
    expect('source' in replay ? [replay.source, replay.blockedWrites, replay.sourceErrors, replay.replayed >= 2 * 11] : replay).toEqual(['catalogue', 0, 0, true]);
    expect((await t.core.store.operations.steps(op.id)).filter((s) => s.step === 'replay').map((s) => s.state)).toEqual(['started', 'done']);
    // The operation's message shows it once its final update went out.
    await eventually(async () => [...t.chat.posts, ...t.chat.updates].flatMap((p) => p.message.blocks)
      .some((b) => 'text' in b && b.text.startsWith('*Query replay* from the account’s tables and views')) || undefined, 10_000, 'the replay in the report');
    const server = await t.core.store.temporaryServers.forOperation(op.id);
    expect(server?.version).toMatch(/^11\.8\./);
    // The compatibility check ran first, against the temporary server's settings; the post-import checks after the copy.
    expect(report.check?.direction).toBe('upgrade');
    expect(report.check?.targetRead).toBe(true);
    expect(report.check?.targetVersion).toBe(server?.version);
    expect(report.check?.rulesRun).toContain('no-primary-key');
    expect(report.postImport?.failures).toEqual([]);
    expect(report.postImport?.checked.tables).toBe(report.copy?.verification.length);
    expect(Math.min(report.postImport?.checked.views ?? 0, report.postImport?.checked.routines ?? 0, report.postImport?.checked.triggers ?? 0)).toBeGreaterThan(0);
    const steps = (await t.core.store.operations.steps(op.id)).map((s) => `${s.step} ${s.state}`);
    expect(steps.indexOf('check done')).toBeGreaterThan(steps.indexOf('provision started'));
    expect(steps.indexOf('check done')).toBeLessThan(steps.indexOf('copy started'));
    expect(steps.indexOf('post-import done')).toBeGreaterThan(steps.lastIndexOf('copy started'));
    // The operation message is updated once the state says succeeded: wait for it.
    const final = await eventually(async () => [...t.chat.posts, ...t.chat.updates]
      .findLast((p) => p.message.operation?.id === op.id && p.message.operation.status === 'succeeded'), 10_000, 'the final operation message');
    const shown = final.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(shown).toMatch(/\*Compatibility check\*/);
    expect(shown).toContain(`*Checks on the temporary server*: ${report.postImport?.checked.tables} tables`);
    expect(shown).toContain('; 0 failed');
    expect(report.temporaryServer?.address).toBe(`${server?.host}:${server?.port}`);
    const credentials = t.chat.posts.find((p) => p.message.text.includes('Temporary server for your tests'));
    expect(credentials?.destination.ephemeralTo).toBe('alice');
    // The app logs in with its usual credentials on the temporary server.
    const app = await mysql.createConnection({ host: server!.host, port: server!.port, user: 'demo_app', password: 'demo-app-password', database: 'demo_shop' });
    const [rows] = await app.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM order_items');
    await app.end();
    const source = await mysql.createConnection({ host: '127.0.0.1', user: 'root', password: '' });
    const [sourceRows] = await source.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM demo_shop.order_items');
    await source.end();
    expect(Number(rows[0]?.['n'])).toBe(Number(sourceRows[0]?.['n']));
    expect(Number(rows[0]?.['n'])).toBeGreaterThan(90_000);
    // Object by object: the same tables, views, routines, triggers and events on both sides.
    const inventory = async (endpoint: { host: string; port: number; user: string; password: string }) => {
      const connection = await mysql.createConnection(endpoint);
      const [objects] = await connection.query<mysql.RowDataPacket[]>(`
        SELECT CONCAT('table ', table_schema, '.', table_name, ' ', table_type, ' ', COALESCE(engine, '')) AS o FROM information_schema.tables WHERE table_schema IN ('demo_shop','demo_blog')
        UNION ALL SELECT CONCAT(routine_type, ' ', routine_schema, '.', routine_name) FROM information_schema.routines WHERE routine_schema IN ('demo_shop','demo_blog')
        UNION ALL SELECT CONCAT('trigger ', trigger_schema, '.', trigger_name, ' ', event_manipulation, ' ', event_object_table) FROM information_schema.triggers WHERE trigger_schema IN ('demo_shop','demo_blog')
        UNION ALL SELECT CONCAT('event ', event_schema, '.', event_name) FROM information_schema.events WHERE event_schema IN ('demo_shop','demo_blog')
        UNION ALL SELECT CONCAT('fk ', constraint_schema, '.', table_name, '.', constraint_name) FROM information_schema.referential_constraints WHERE constraint_schema IN ('demo_shop','demo_blog')
        UNION ALL SELECT CONCAT('index ', table_schema, '.', table_name, '.', index_name, ' ', index_type, ' ', non_unique, ' ', GROUP_CONCAT(column_name, COALESCE(CONCAT('(', sub_part, ')'), '') ORDER BY seq_in_index))
          FROM information_schema.statistics WHERE table_schema IN ('demo_shop','demo_blog') GROUP BY table_schema, table_name, index_name, index_type, non_unique
        ORDER BY 1`);
      await connection.end();
      return objects.map((r) => String(r['o']));
    };
    const sourceObjects = await inventory({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    expect(sourceObjects.some((o) => o.startsWith('PROCEDURE'))).toBe(true);
    expect(sourceObjects.some((o) => o.startsWith('trigger'))).toBe(true);
    expect(sourceObjects.some((o) => o.includes(' VIEW '))).toBe(true);
    expect(sourceObjects.filter((o) => o.startsWith('index ') && o.includes(' BTREE 1 ')).length).toBeGreaterThan(2);
    expect(await inventory({ host: server!.host, port: server!.port, user: server!.adminUser, password: server!.adminPassword })).toEqual(sourceObjects);
    // The report is visible to status, with the test's result and age.
    await handleCommand(t.core, alice, '/migrate status demo');
    expect(t.chat.posts.at(-1)?.message.text ?? t.chat.posts.map((p) => p.message.text).join()).toBeTruthy();
    expect(t.chat.posts.some((p) => /test passed/.test(p.message.text))).toBe(true);
    // The team channel heard the start and the end.
    expect(t.chat.posts.some((p) => p.message.text.startsWith('test of demo (mariadb-11.8) started'))).toBe(true);
    expect(t.chat.posts.some((p) => p.message.text.startsWith('test of demo (mariadb-11.8) finished'))).toBe(true);
  });

  it('replaces the previous temporary server with a new test, and a cancelled test destroys its own', async () => {
    const before = await t.core.store.temporaryServers.liveForAccount('demo');
    expect(before).toHaveLength(1);
    // A writer holding a table lock keeps the copy waiting for its snapshot: the test is surely running when cancelled.
    const blocker = await mysql.createConnection({ host: '127.0.0.1', user: 'root', password: '' });
    await blocker.query('LOCK TABLES demo_shop.products WRITE');
    try {
      const outcome = await handleCommand(t.core, alice, '/migrate test mariadb-11.8 demo');
      const id = outcome.operations[0]!;
      const ownServer = await eventually(async () => t.core.store.temporaryServers.forOperation(id), 60_000, 'the new temporary server');
      const previous = await t.core.store.temporaryServers.get(before[0]!.id);
      expect(previous?.destroyedAt).not.toBeNull();
      expect(await t.core.engine.provisioner(previous!.provisioner).isAlive(previous!.handle as Record<string, unknown>)).toBe(false);
      await eventually(async () => ((await t.core.store.operations.get(id))?.step === 'copy' ? true : undefined), 30_000, 'the copy step');
      await handleCommand(t.core, alice, `/migrate cancel ${id}`);
      const op = await finished(id);
      expect(op.status).toBe('cancelled');
      const row = await t.core.store.temporaryServers.get(ownServer.id);
      expect(row?.destroyedAt).not.toBeNull();
      expect(await t.core.engine.provisioner(ownServer.provisioner).isAlive(ownServer.handle as Record<string, unknown>)).toBe(false);
    } finally {
      await blocker.query('UNLOCK TABLES');
      await blocker.end();
    }
  });

  it('refuses a second operation on a busy account, naming the holder', async () => {
    const outcome = await handleCommand(t.core, alice, '/migrate test mariadb-11.8 demo');
    await handleCommand(t.core, { ...alice, user: { platform: 'shell', id: 'bob', name: 'bob' } }, '/migrate test mariadb-11.8 demo');
    const refusal = t.chat.posts.at(-1)!;
    expect(refusal.destination.ephemeralTo).toBe('bob');
    expect(refusal.message.text).toContain(`is busy with test \`${outcome.operations[0]}\``);
    expect(refusal.message.text).toContain('started by alice');
    await finished(outcome.operations[0]!);
  });

  it('rebuilds lost Redis jobs from the state database at worker start', async () => {
    await t.worker?.close();
    const outcome = await handleCommand(t.core, alice, '/migrate test mariadb-10.11-rebuild demo');
    await Promise.all(Object.values(t.queues).map((q) => q.obliterate({ force: true })));
    await t.startWorker();
    const op = await finished(outcome.operations[0]!);
    expect(op.status).toBe('succeeded');
  });
});
