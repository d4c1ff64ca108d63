import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSystemTimeZone, targetEventScheduler } from '../../../src/drivers/mariadb/checks/rules/events.ts';
import { HOST_SOURCE, startHostServer, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { objectsOf, onServer, ruleFixture, runWith } from './run-checks-with.ts';

// A throwaway 10.11 is the source: its scheduler is switched on and off
// without touching the shared 10.11 (other tests switch that one). The
// 11.8 target keeps MariaDB's default, event_scheduler = OFF.
let source: TestServer;
let server: TestServer;

beforeAll(async () => {
  [source, server] = await Promise.all([startHostServer(), startImageServer('11.8')]);
});
afterAll(async () => { await Promise.all([source?.stop(), server?.stop()]); });

describe('rule target-event-scheduler', () => {
  it('names the enabled events when the source runs its scheduler and the target does not', async () => {
    await onServer(source.endpoint, ['SET GLOBAL event_scheduler = ON']);
    const fixture = await ruleFixture('target-event-scheduler', source.endpoint);
    try {
      const report = await runWith([targetEventScheduler], [fixture.database], { source: source.endpoint, target: server.endpoint });
      expect(report.findings[0]?.severity).toBe('blocker');
      expect(objectsOf(report)).toEqual([{ database: fixture.database, object: 'es_tick', detail: 'event_scheduler source=ON target=OFF' }]);
      // Where the scheduler runs (the source itself as target) and with no target read, nothing.
      expect((await runWith([targetEventScheduler], [fixture.database], { source: source.endpoint, target: source.endpoint })).findings).toEqual([]);
      expect((await runWith([targetEventScheduler], [fixture.database], { source: source.endpoint })).findings).toEqual([]);
    } finally {
      await fixture.drop();
    }
  });

  it('finds nothing when the source\'s scheduler is off too: the events did not run before either', async () => {
    await onServer(source.endpoint, ['SET GLOBAL event_scheduler = OFF']);
    const fixture = await ruleFixture('target-event-scheduler', source.endpoint);
    try {
      expect((await runWith([targetEventScheduler], [fixture.database], { source: source.endpoint, target: server.endpoint })).findings).toEqual([]);
    } finally {
      await fixture.drop();
    }
  });
});

describe('rule event-system-time-zone', () => {
  it('reads both system zones and finds nothing when they are the same (both servers of this machine run in UTC)', async () => {
    const fixture = await ruleFixture('event-system-time-zone');
    try {
      const report = await runWith([eventSystemTimeZone], [fixture.database], { target: server.endpoint });
      expect(report.rulesRun).toEqual(['event-system-time-zone']);
      expect(report.findings).toEqual([]);
    } finally {
      await fixture.drop();
    }
  });

  it('sees which events were created under SYSTEM', async () => {
    const fixture = await ruleFixture('event-system-time-zone');
    try {
      const conn = await mysql.createConnection(HOST_SOURCE);
      const [zones] = await conn.query('SELECT event_name AS name, time_zone AS tz FROM information_schema.events WHERE event_schema = ? ORDER BY 1',
        [fixture.database]).finally(() => conn.end());
      // What the rule keys on: ev_sys under SYSTEM, ev_fixed under an explicit offset (zonesDiffer is covered in test/unit).
      expect(zones).toEqual([{ name: 'ev_fixed', tz: '+02:00' }, { name: 'ev_sys', tz: 'SYSTEM' }]);
      expect((await runWith([eventSystemTimeZone], [fixture.database])).findings).toEqual([]);
    } finally {
      await fixture.drop();
    }
  });
});
