import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAccount } from '../../src/drivers/mariadb/copier/copy-account.ts';
import type { CopyProgress, CopyReport } from '../../src/drivers/mariadb/copier/types.ts';
import type { Endpoint } from '../../src/drivers/endpoint.ts';
import { isUserError } from '../../src/errors.ts';
import { BIG_BLOB_BYTES, NASTY, buildFixture, dropFixture } from './helpers/copier-fixture.ts';
import { HOST_SOURCE, startHostServer, startImageServer, type TestServer } from './helpers/copier-server.ts';

const suffix = `_${process.pid}`;
let fixture: { databases: string[]; user: string };
const servers: Record<string, TestServer> = {};

beforeAll(async () => {
  fixture = await buildFixture(HOST_SOURCE, suffix);
  const [host, image] = await Promise.all([startHostServer(), startImageServer('11.8')]);
  servers['10.11'] = host;
  servers['11.8'] = image;
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  // By name, so a fixture that failed half way is removed too.
  await dropFixture(HOST_SOURCE, [NASTY.db1 + suffix, NASTY.db2 + suffix], NASTY.user + suffix);
});

const q = (s: string): string => '`' + s.replaceAll('`', '``') + '`';

async function query(endpoint: Endpoint, sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection({ ...endpoint, charset: 'utf8mb4', dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    await conn.query("SET time_zone = '+00:00'");
    const [rows] = await conn.query(sql, values);
    return rows as Record<string, unknown>[];
  } finally {
    await conn.end();
  }
}

/** Every column of the nasty table as hex (and generated values), so source and target compare byte for byte. */
const SPOT = (db: string): string => `SELECT id, HEX(\`from\`) f, HEX(l1) l1, HEX(u3) u3, HEX(t) t, d, f AS fl, dbl, bg, b + 0 b, e, s, dt, ts, dd, tm, yr,
  HEX(bin) bin, MD5(bl) bl, LENGTH(bl) bl_len, j, ST_AsText(g) g, ST_SRID(g) srid, gen_len, gen_up, zd
  FROM ${q(db)}.${q(NASTY.table)} ORDER BY id`;

describe.each(['10.11', '11.8'])('copyAccount from 10.11 to %s', (version) => {
  let report: CopyReport;
  const progress: CopyProgress[] = [];
  const target = (): Endpoint => (servers[version] as TestServer).endpoint;

  beforeAll(async () => {
    report = await copyAccount({
      source: HOST_SOURCE, target: target(), databases: fixture.databases, users: [{ user: fixture.user, host: '%' }],
      parallelism: 3, onProgress: (p) => progress.push(p),
      compatibilitySqlMode: 'STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE',
    });
  });

  it('reports only the injected failures (a view over a dropped column, a view whose DEFINER exists nowhere), with errno and SQLSTATE', () => {
    expect(report.failures.map((f) => [f.object, f.kind, f.errno, f.sqlState]).sort()).toEqual([['broken', 'view', 1054, '42S22'], ['ghostly', 'view', 1449, 'HY000']]);
    expect(report.ok).toBe(false);
    for (const f of report.failures) expect(f.statement.length).toBeLessThanOrEqual(300);
  });

  it('verifies every table with equal counts and checksums', () => {
    expect(report.verification.length).toBe(8); // 7 tables of db1 (the sequence holds no data) + wp_posts
    for (const v of report.verification) expect(v, `${v.database}.${v.table}`).toMatchObject({ ok: true });
    const many = report.verification.find((v) => v.table === 'many');
    expect(many?.targetRows).toBe(20000);
    expect(report.totals.rows).toBe(report.verification.reduce((n, v) => n + v.sourceRows, 0));
  });

  it('copies every value byte for byte', async () => {
    const [db1] = fixture.databases as [string];
    const source = await query(HOST_SOURCE, SPOT(db1));
    const copied = await query(target(), SPOT(db1));
    expect(copied).toEqual(source);
    const first = copied.find((r) => r['id'] === 1);
    expect(first).toMatchObject({ b: '5000', ts: '2038-01-19 03:14:07', dd: '0000-00-00', zd: '0000-00-00 00:00:00', g: 'POINT(1.5 -2.25)', srid: 4326, bg: '18446744073709551615' });
    expect(Buffer.from(String(first?.['f']), 'hex').toString('utf8')).toBe('emoji 😀 tab\there\nnewline \\ backslash \\N');
    expect(Buffer.from(String(first?.['l1']), 'hex')).toEqual(Buffer.from('café é', 'latin1'));
    expect(copied.find((r) => r['id'] === 4)?.['bl_len']).toBe(BIG_BLOB_BYTES);
    expect(copied.find((r) => r['id'] === 0)?.['f']).toBe(Buffer.from('zero id').toString('hex').toUpperCase());
    const wp = await query(target(), `SELECT post_title, post_date FROM ${q(fixture.databases[1] as string)}.wp_posts ORDER BY ID`);
    expect(wp).toEqual([{ post_title: 'Café', post_date: '0000-00-00 00:00:00' }, { post_title: 'ok', post_date: '2024-01-01 10:00:00' }]);
  });

  it('creates views over views, routines, triggers, events and sequences that work', async () => {
    const db = q(fixture.databases[0] as string);
    expect(await query(target(), `SELECT n FROM ${db}.${q(NASTY.view2)}`)).toEqual([{ n: '4' }]); // ids 1..4: the view filters id > 0
    expect(await query(target(), `SELECT ${db}.twice(21) AS v`)).toEqual([{ v: 42 }]);
    await query(target(), `CALL ${db}.${q('add `audit')}('called')`);
    await query(target(), `INSERT INTO ${db}.many (id, v) VALUES (30000, 'new')`);
    const audit = await query(target(), `SELECT msg FROM ${db}.audit ORDER BY id`);
    expect(audit.map((r) => r['msg'])).toEqual(['called', 'many 30000']);
    expect(await query(target(), `SELECT EVENT_NAME n, STATUS s FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`, [fixture.databases[0]]))
      .toEqual([{ n: 'nightly', s: 'DISABLED' }]);
    // Like mariadb-dump, the copy resumes at the first value not cached by the source: gaps, never repeats.
    const [next] = await query(target(), `SELECT NEXTVAL(${db}.${q('seq `s')}) AS v`);
    expect(Number(next?.['v'])).toBeGreaterThan(100);
  });

  it('warns about MyISAM/Aria tables and zero dates, and fails an object whose definer is missing', () => {
    const text = report.warnings.join('\n');
    expect(text).toMatch(/\.legacy uses MyISAM.*consistent snapshot/);
    expect(text).toMatch(/\.nokey uses Aria/);
    expect(report.failures.find((f) => f.object === 'ghostly')?.message).toMatch(/ghostly \(view\): its DEFINER ghost@% does not exist on the target/);
    expect(report.compatibilityWarnings).toContainEqual(expect.objectContaining({ table: 'wp_posts', column: 'post_date', kind: 'zero-date-default' }));
    expect(report.compatibilityWarnings).toContainEqual(expect.objectContaining({ table: 'wp_posts', column: 'post_date', kind: 'zero-date-values', count: 1 }));
  });

  it('copies users so they log in with their password, and never reports a secret', async () => {
    expect(report.users).toEqual([{ user: fixture.user, host: '%', ok: true }]);
    const conn = await mysql.createConnection({ ...target(), user: fixture.user, password: NASTY.userPassword });
    const [rows] = await conn.query(`SELECT COUNT(*) n FROM ${q(fixture.databases[0] as string)}.many WHERE id <= 20000`);
    await conn.end();
    expect(rows).toEqual([{ n: 20000 }]);
    const json = JSON.stringify(report);
    expect(JSON.parse(json)).toEqual(report);
    expect(json).not.toMatch(/\*[0-9A-F]{40}/);
    expect(json).not.toContain(NASTY.userPassword);
  });

  it('reports progress through every phase', () => {
    const phases = new Set(progress.map((p) => p.phase));
    expect([...phases]).toEqual(expect.arrayContaining(['schema', 'data', 'verify', 'users', 'routines']));
    const data = progress.filter((p) => p.phase === 'data' && p.table !== undefined);
    expect(data.length).toBeGreaterThan(0);
    for (let i = 1; i < data.length; i++) expect((data[i] as CopyProgress).bytesDone).toBeGreaterThanOrEqual((data[i - 1] as CopyProgress).bytesDone);
  });

  it('refuses an existing database unless asked to replace it, then replaces it', async () => {
    const request = { source: HOST_SOURCE, target: target(), databases: fixture.databases, users: [{ user: fixture.user, host: '%' }] };
    const refused = await copyAccount(request).catch((e: unknown) => e);
    expect(isUserError(refused) && refused.code).toBe('copier.target-database-exists');
    const again = await copyAccount({ ...request, replaceExisting: true, verify: 'counts' });
    expect(again.failures.map((f) => f.object).sort()).toEqual(['broken', 'ghostly']);
    expect(again.verification.every((v) => v.ok)).toBe(true);
  });
});

describe('copyAccount cancellation', () => {
  it('stops promptly when aborted during the data phase', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const copy = copyAccount({
      source: HOST_SOURCE, target: (servers['10.11'] as TestServer).endpoint, databases: fixture.databases, users: [],
      replaceExisting: true, signal: controller.signal,
      onProgress: (p) => { if (p.phase === 'data') controller.abort(new Error('cancelled by test')); },
    });
    await expect(copy).rejects.toThrow('cancelled by test');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
