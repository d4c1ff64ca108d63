import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explicitDefaultsForTimestamp } from '../../../src/drivers/mariadb/checks/rules/explicit-defaults-for-timestamp.ts';
import { targetCharacterSetServer, targetTimeZone } from '../../../src/drivers/mariadb/checks/rules/target-defaults.ts';
import { targetLowerCaseTableNames, targetMaxAllowedPacket, targetSqlMode } from '../../../src/drivers/mariadb/checks/rules/target-settings.ts';
import { targetTimeZoneTables } from '../../../src/drivers/mariadb/checks/rules/target-time-zone-tables.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { objectsOf, onServer, ruleFixture, runWith } from './run-checks-with.ts';

// One throwaway 11.8, changed by SET GLOBAL test by test (each test puts back
// what it changed); the shared 10.11 is only read.
let server: TestServer;
const hostVariable = async (name: string): Promise<string> => {
  const conn = await mysql.createConnection(HOST_SOURCE);
  const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT @@GLOBAL.${name} AS v`).finally(() => conn.end());
  return String(rows[0]?.['v']);
};

beforeAll(async () => { server = await startImageServer('11.8'); });
afterAll(async () => { await server?.stop(); });

describe('target-sql-mode, target-lower-case-table-names, target-max-allowed-packet', () => {
  it('reports the flags the target adds to the default sql_mode, and nothing for the same mode', async () => {
    const mode = await hostVariable('sql_mode');
    try {
      await onServer(server.endpoint, [`SET GLOBAL sql_mode = '${mode},ONLY_FULL_GROUP_BY'`]);
      expect(objectsOf(await runWith([targetSqlMode], [], { target: server.endpoint }))).toEqual([
        { object: 'sql_mode', detail: 'added=ONLY_FULL_GROUP_BY removed=-' },
      ]);
      await onServer(server.endpoint, [`SET GLOBAL sql_mode = '${mode}'`]);
      expect((await runWith([targetSqlMode], [], { target: server.endpoint })).findings).toEqual([]);
    } finally {
      await onServer(server.endpoint, ['SET GLOBAL sql_mode = DEFAULT']);
    }
  });

  it('reads lower_case_table_names on both sides (0 on both here: read only, so the change itself is covered in test/unit)', async () => {
    const fixture = await ruleFixture('target-lower-case-table-names');
    try {
      const report = await runWith([targetLowerCaseTableNames], [fixture.database], { target: server.endpoint });
      expect(report.rulesRun).toEqual(['target-lower-case-table-names']);
      expect(report.findings).toEqual([]);
    } finally {
      await fixture.drop();
    }
  });

  it('names the columns that can hold more than a smaller max_allowed_packet, and nothing when the target allows more', async () => {
    const fixture = await ruleFixture('target-max-allowed-packet');
    const source = await hostVariable('max_allowed_packet');
    try {
      await onServer(server.endpoint, ['SET GLOBAL max_allowed_packet = 1048576']);
      expect(objectsOf(await runWith([targetMaxAllowedPacket], [fixture.database], { target: server.endpoint }))).toEqual([
        { object: 'max_allowed_packet', detail: `source=${source} target=1048576` },
        { database: fixture.database, object: 'mp_files', column: 'body', detail: 'longblob max_bytes=4294967295' },
      ]);
      await onServer(server.endpoint, ['SET GLOBAL max_allowed_packet = 1073741824']);
      expect((await runWith([targetMaxAllowedPacket], [fixture.database], { target: server.endpoint })).findings).toEqual([]);
    } finally {
      await fixture.drop();
    }
  });
});

describe('target-character-set-server, target-time-zone', () => {
  it('reports 11.8\'s default collation_server against 10.11\'s, with the account\'s users that create databases themselves', async () => {
    const fixture = await ruleFixture('target-character-set-server');
    const collation = await hostVariable('collation_server');
    try {
      expect(collation).toBe('utf8mb4_general_ci');
      const setting = { object: 'collation_server', detail: `source=${collation} target=utf8mb4_uca1400_ai_ci` };
      expect(objectsOf(await runWith([targetCharacterSetServer], [fixture.database], { target: server.endpoint, users: fixture.users }))).toEqual([
        setting, { object: `chkb_dba_${fixture.suffix}@%`, detail: `create_database=chkb\\_${fixture.suffix}\\_%` },
      ]);
      // A user with CREATE on its own database only (a plain name) creates tables, not databases: the copied databases keep their defaults.
      await onServer(HOST_SOURCE, [`REVOKE CREATE ON \`chkb\\_${fixture.suffix}\\_%\`.* FROM 'chkb_dba_${fixture.suffix}'@'%'`,
        `GRANT CREATE ON \`${fixture.database}\`.* TO 'chkb_dba_${fixture.suffix}'@'%'`]);
      expect((await runWith([targetCharacterSetServer], [fixture.database], { target: server.endpoint, users: fixture.users })).findings).toEqual([]);
      // Through a role that may create any database.
      const role = `chkb_creator_${fixture.suffix}`;
      await onServer(HOST_SOURCE, [`CREATE ROLE ${role}`, `GRANT CREATE ON *.* TO ${role}`, `GRANT ${role} TO 'chkb_dba_${fixture.suffix}'@'%'`]);
      try {
        expect(objectsOf(await runWith([targetCharacterSetServer], [fixture.database], { target: server.endpoint, users: fixture.users }))).toEqual([
          setting, { object: `chkb_dba_${fixture.suffix}@%`, detail: `create_database=* role=${role}` },
        ]);
        await onServer(server.endpoint, [`SET GLOBAL collation_server = '${collation}'`]);
        expect((await runWith([targetCharacterSetServer], [fixture.database], { target: server.endpoint, users: fixture.users })).findings).toEqual([]);
      } finally {
        await onServer(HOST_SOURCE, [`DROP ROLE IF EXISTS ${role}`]);
      }
    } finally {
      await Promise.all([fixture.drop(), onServer(server.endpoint, ['SET GLOBAL collation_server = DEFAULT'])]);
    }
  });

  it('reports a target time zone that resolves elsewhere, with DATETIME columns filled from the clock', async () => {
    const fixture = await ruleFixture('target-time-zone');
    try {
      await onServer(server.endpoint, ["SET GLOBAL time_zone = '+02:00'"]);
      expect(objectsOf(await runWith([targetTimeZone], [fixture.database], { target: server.endpoint }))).toEqual([
        { object: 'time_zone', detail: 'source=SYSTEM:UTC(+0) target=+02:00(+120)' },
        { database: fixture.database, object: 'tz_log', column: 'at', detail: 'datetime default=current_timestamp' },
      ]);
      // '+00:00' is the same zone as a system zone in UTC.
      await onServer(server.endpoint, ["SET GLOBAL time_zone = '+00:00'"]);
      expect((await runWith([targetTimeZone], [fixture.database], { target: server.endpoint })).findings).toEqual([]);
    } finally {
      await Promise.all([fixture.drop(), onServer(server.endpoint, ["SET GLOBAL time_zone = 'SYSTEM'"])]);
    }
  });
});

describe('explicit-defaults-for-timestamp, target-time-zone-tables (the 11.8 as the source)', () => {
  it('names implicit TIMESTAMP columns and routines creating TIMESTAMP columns when the source runs with the old rule', async () => {
    await onServer(server.endpoint, ['SET GLOBAL explicit_defaults_for_timestamp = OFF']);
    // Made under OFF, as an application's installer would have made it.
    const fixture = await ruleFixture('explicit-defaults-for-timestamp', server.endpoint, ['CREATE TABLE ed_implicit (id INT, ts TIMESTAMP, t2 TIMESTAMP)']);
    try {
      const db = fixture.database;
      const expected = [
        { object: 'explicit_defaults_for_timestamp', detail: 'source=OFF target=ON' },
        { database: db, object: 'ed_implicit', column: 'ts', detail: 'timestamp not_null default=current_timestamp()' },
        { database: db, object: 'ed_implicit', column: 't2', detail: "timestamp not_null default='0000-00-00 00:00:00'" },
        { database: db, object: 'ed_t', column: 'changed', detail: 'timestamp not_null default=current_timestamp()' },
        { database: db, object: 'ed_t', column: 'created', detail: "timestamp not_null default='0000-00-00 00:00:00'" },
        { database: db, object: 'ed_make', line: 2, detail: 'procedure create_table timestamp' },
      ];
      expect(objectsOf(await runWith([explicitDefaultsForTimestamp], [db], { source: server.endpoint, target: HOST_SOURCE }))).toEqual(expected);
      // No target: the default of the version crossed (ON since 10.10), or the source's own value when 10.10 is not crossed.
      expect(objectsOf(await runWith([explicitDefaultsForTimestamp], [db], { source: server.endpoint, fromVersion: '10.6' }))).toEqual(expected);
      expect((await runWith([explicitDefaultsForTimestamp], [db], { source: server.endpoint })).findings).toEqual([]);
      await onServer(server.endpoint, ['SET GLOBAL explicit_defaults_for_timestamp = ON']);
      expect((await runWith([explicitDefaultsForTimestamp], [db], { source: server.endpoint, target: HOST_SOURCE })).findings).toEqual([]);
    } finally {
      await Promise.all([fixture.drop(), onServer(server.endpoint, ['SET GLOBAL explicit_defaults_for_timestamp = ON'])]);
    }
  });

  it('names the named-zone uses when the target has no time zone tables, and nothing when it has them', async () => {
    await onServer(server.endpoint, [
      "INSERT IGNORE INTO mysql.time_zone (Time_zone_id, Use_leap_seconds) VALUES (1, 'N')",
      "INSERT IGNORE INTO mysql.time_zone_name VALUES ('Europe/Chkb', 1)",
      "INSERT IGNORE INTO mysql.time_zone_transition_type VALUES (1, 0, 3600, 0, 'CET')",
    ]);
    const fixture = await ruleFixture('target-time-zone-tables', server.endpoint, [
      "SET time_zone = 'Europe/Chkb'", 'CREATE EVENT tzt_ev ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1',
    ]);
    try {
      const db = fixture.database;
      expect(objectsOf(await runWith([targetTimeZoneTables], [db], { source: server.endpoint, target: HOST_SOURCE }))).toEqual([
        { database: db, object: 'tzt_ev', detail: 'event time_zone=Europe/Chkb' },
        { database: db, object: 'tzt_local', line: 1, detail: 'function named_zone' },
      ]);
      expect((await runWith([targetTimeZoneTables], [db], { source: server.endpoint, target: server.endpoint })).findings).toEqual([]);
    } finally {
      await fixture.drop();
    }
  });
});
