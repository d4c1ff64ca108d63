import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAccount } from '../../src/drivers/mariadb/copier/copy-account.ts';
import type { CopyReport } from '../../src/drivers/mariadb/copier/types.ts';
import { loadSchema, SCHEMA_NAMES } from '../fixtures/schemas/load.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from './helpers/copier-server.ts';

const suffix = randomBytes(3).toString('hex');
const databases = SCHEMA_NAMES.map((name) => `app_${name}_${suffix}`);
let target: TestServer;
let report: CopyReport;

/** Tables, views, routines, triggers, events and indexes of the databases, as comparable lines. */
async function inventory(endpoint: typeof HOST_SOURCE, names: readonly string[]): Promise<string[]> {
  const connection = await mysql.createConnection(endpoint);
  const [rows] = await connection.query<mysql.RowDataPacket[]>(`
    SELECT CONCAT('table ', table_schema, '.', table_name, ' ', table_type, ' ', COALESCE(engine, '')) o FROM information_schema.tables WHERE table_schema IN (?)
    UNION ALL SELECT CONCAT(routine_type, ' ', routine_schema, '.', routine_name) FROM information_schema.routines WHERE routine_schema IN (?)
    UNION ALL SELECT CONCAT('trigger ', trigger_schema, '.', trigger_name) FROM information_schema.triggers WHERE trigger_schema IN (?)
    UNION ALL SELECT CONCAT('event ', event_schema, '.', event_name) FROM information_schema.events WHERE event_schema IN (?)
    UNION ALL SELECT CONCAT('index ', table_schema, '.', table_name, '.', index_name, ' ', index_type, ' ', non_unique) FROM information_schema.statistics WHERE table_schema IN (?) GROUP BY table_schema, table_name, index_name, index_type, non_unique
    ORDER BY 1`, [names, names, names, names, names]);
  await connection.end();
  return rows.map((r) => String(r['o']));
}

beforeAll(async () => {
  const control = await mysql.createConnection(HOST_SOURCE);
  for (const [i, name] of SCHEMA_NAMES.entries()) await loadSchema(control, name, databases[i]!);
  await control.end();
  target = await startImageServer('11.8');
  // Checked against a strict mode with NO_ZERO_DATE, as many hosts configure it (11.8's default has no NO_ZERO_DATE).
  // The fixtures' programs are defined by the loader's account, which targets do not have: mapped to the target's admin.
  report = await copyAccount({
    source: HOST_SOURCE, target: target.endpoint, databases, users: [], parallelism: 3,
    definers: { 'root@127.0.0.1': `${target.endpoint.user}@%` },
    compatibilitySqlMode: 'STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE',
  });
});

afterAll(async () => {
  await target?.stop();
  const control = await mysql.createConnection(HOST_SOURCE);
  for (const db of databases) await control.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await control.end();
});

describe('application-like schemas copied from 10.11 to 11.8', () => {
  it('verifies every table of WordPress, shop, definers, charsets and oddities by counts and checksums', () => {
    const tables = report.verification;
    expect(new Set(tables.map((v) => v.database))).toEqual(new Set(databases));
    expect(tables.filter((v) => !v.ok)).toEqual([]);
    expect(tables.every((v) => v.sourceRows === v.targetRows)).toBe(true);
  });

  it('reports the objects whose definer does not exist, and only known kinds of failure', () => {
    const definers = databases[SCHEMA_NAMES.indexOf('definers')]!;
    const mentions = [...report.warnings, ...report.failures.map((f) => `${f.database}.${f.object} ${f.errno ?? ''} ${f.message}`)].join('\n');
    expect(mentions).toContain('ghost_dev');
    for (const failure of report.failures) {
      expect(failure.database).toBe(definers);
      expect([1449, 1227, 1356]).toContain(failure.errno);
    }
  });

  it('recreates every table, view, routine, trigger, event and index', async () => {
    const source = await inventory(HOST_SOURCE, databases);
    const copy = await inventory(target.endpoint, databases);
    const failedObjects = new Set(report.failures.map((f) => `${f.database}.${f.object}`));
    const expected = source.filter((o) => ![...failedObjects].some((name) => o.includes(name)));
    expect(source.length).toBeGreaterThan(30);
    expect(copy.filter((o) => expected.includes(o))).toEqual(expected);
  });

  it('reports the WordPress zero-date defaults that a strict NO_ZERO_DATE mode would refuse', () => {
    const wordpress = databases[SCHEMA_NAMES.indexOf('wordpress')]!;
    const zeroDates = report.compatibilityWarnings.filter((w) => w.database === wordpress && w.kind === 'zero-date-default');
    expect(zeroDates.length).toBeGreaterThan(0);
    expect(zeroDates.some((w) => w.table.endsWith('posts'))).toBe(true);
  });
});
