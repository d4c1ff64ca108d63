import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/drivers/driver.ts';
import { seedDemoAccount } from '../../src/drivers/mariadb/demo/seed-demo.ts';
import { loadSchema, SCHEMA_NAMES, type SchemaName } from '../fixtures/schemas/load.ts';

const HOST: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
type Rows = mysql.RowDataPacket[];

let admin: mysql.Connection;
beforeAll(async () => {
  admin = await mysql.createConnection({ ...HOST, charset: 'utf8mb4_unicode_ci' });
});
afterAll(async () => {
  await admin.end();
});

async function one(sql: string, params: unknown[] = []): Promise<Record<string, unknown>> {
  const [rows] = await admin.query<Rows>(sql, params);
  return rows[0] ?? {};
}

/** Checksums of every demo table, to prove a second seed changes nothing. */
async function checksums(): Promise<string> {
  const [tables] = await admin.query<Rows>(
    "SELECT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`') AS t FROM information_schema.TABLES " +
      "WHERE TABLE_SCHEMA IN ('demo_shop', 'demo_blog') AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1");
  const [sums] = await admin.query<Rows>(`CHECKSUM TABLE ${tables.map((r) => String(r['t'])).join(', ')}`);
  return JSON.stringify(sums);
}

// The demo account has fixed names and may be shared with other tests, so it
// is never dropped here: the test only checks what any finished seed holds.
describe('seedDemoAccount', () => {
  it('is safe to run concurrently and builds the account once', async () => {
    const results = await Promise.all([seedDemoAccount(HOST), seedDemoAccount(HOST)]);
    expect(results.filter((r) => r.created).length).toBeLessThanOrEqual(1);
    for (const r of results) {
      expect(r.databases).toEqual(['demo_shop', 'demo_blog']);
      expect(r.users).toEqual([{ user: 'demo_app', host: '%' }, { user: 'demo_app', host: 'localhost' }]);
    }
  });

  it('is idempotent: a second call is quick and changes nothing', async () => {
    const before = await checksums();
    const started = Date.now();
    const again = await seedDemoAccount(HOST);
    expect(again.created).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await checksums()).toBe(before);
  });

  it('holds the data and objects a migration must carry', async () => {
    expect(await one('SELECT COUNT(*) AS n FROM demo_shop.order_items')).toEqual({ n: 100_000 });
    expect((await one("SELECT COUNT(*) AS n FROM demo_shop.products WHERE name LIKE '%🚀%'"))['n']).toBeGreaterThan(0);
    const objects = await one(`SELECT
      (SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'demo_shop') AS views,
      (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'demo_shop') AS triggers,
      (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'demo_shop' AND ROUTINE_TYPE = 'PROCEDURE') AS procs,
      (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'demo_shop' AND ROUTINE_TYPE = 'FUNCTION') AS funcs,
      (SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'demo_shop') AS fks,
      (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'demo_shop' AND TABLE_NAME <> 'customer_order_summary' AND DATA_TYPE IN ('enum', 'set')) AS enums`);
    expect(objects).toEqual({ views: 1, triggers: 1, procs: 1, funcs: 1, fks: 4, enums: 5 });
  });

  it('gives demo_blog the WordPress incompatibilities', async () => {
    const blog = await one(`SELECT
      (SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'demo_blog' AND TABLE_NAME = 'wp_options') AS options_engine,
      (SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'demo_blog' AND TABLE_NAME = 'wp_terms') AS terms_collation,
      (SELECT COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'demo_blog' AND TABLE_NAME = 'wp_posts' AND COLUMN_NAME = 'post_date') AS post_date_default,
      (SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'demo_blog' AND INDEX_TYPE = 'FULLTEXT') AS fulltext_columns,
      (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'demo_blog' AND IS_GENERATED = 'ALWAYS') AS generated,
      (SELECT COUNT(*) FROM demo_blog.wp_posts WHERE post_date = '0000-00-00 00:00:00') AS zero_dated_posts`);
    expect(blog).toMatchObject({ options_engine: 'MyISAM', terms_collation: 'utf8mb3_general_ci', fulltext_columns: 2, generated: 1 });
    expect(blog['post_date_default']).toBe("'0000-00-00 00:00:00'");
    expect(blog['zero_dated_posts']).toBeGreaterThan(0);
  });

  it('lets demo_app log in with its password and read both databases', async () => {
    const app = await mysql.createConnection({ ...HOST, user: 'demo_app', password: 'demo-app-password' });
    try {
      const [rows] = await app.query<Rows>(`SELECT
        (SELECT COUNT(*) FROM demo_shop.customer_order_summary) AS summaries,
        demo_shop.order_total(1) AS total,
        (SELECT COUNT(*) FROM demo_blog.wp_posts) AS posts`);
      expect(Number(rows[0]?.['summaries'])).toBeGreaterThan(0);
      expect(Number(rows[0]?.['total'])).toBeGreaterThan(0);
      expect(Number(rows[0]?.['posts'])).toBeGreaterThan(0);
    } finally {
      await app.end();
    }
  });
});

describe('fixture schemas', () => {
  // Per-schema checks beyond "loads without error and every table has rows".
  const checks: Record<SchemaName, string> = {
    wordpress: "SELECT ENGINE = 'MyISAM' AS ok FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'wp_options'",
    shop: 'SELECT price_with_vat(10, 20) = 12.00 AND (SELECT total FROM orders WHERE id = 1) = 34.99 AS ok',
    definers: `SELECT (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND DEFINER = 'ghost_dev@localhost')
      + (SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND DEFINER = 'ghost_dev@localhost')
      + (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND DEFINER = 'ghost_dev@localhost') = 4 AS ok`,
    charsets: "SELECT HEX(label) = '656D6F6A6920F09F8E89' AS ok FROM modern_utf8mb4 WHERE id = 1",
    oddities: "SELECT (SELECT LENGTH(payload) FROM blobs WHERE id = 1) = 1048576 AND (SELECT CAST(big_unsigned AS CHAR) FROM types_zoo WHERE id = 1) = '18446744073709551615' AS ok",
  };

  for (const name of SCHEMA_NAMES) {
    it(`loads ${name} into a fresh database`, async () => {
      const database = `fx_${name}_${randomBytes(4).toString('hex')}`;
      const conn = await mysql.createConnection({ ...HOST, charset: 'utf8mb4_unicode_ci' });
      try {
        await loadSchema(conn, name, database);
        const [tables] = await conn.query<Rows>(
          "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", [database]);
        expect(tables.length).toBeGreaterThan(0);
        for (const { t } of tables) {
          const [[count]] = await conn.query<Rows>(`SELECT COUNT(*) AS n FROM \`${String(t).replaceAll('`', '``')}\``);
          expect(Number(count?.['n']), `rows of ${String(t)}`).toBeGreaterThan(0);
        }
        const [[check]] = await conn.query<Rows>(checks[name]);
        expect(Number(check?.['ok'])).toBe(1);
      } finally {
        await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await conn.end();
      }
    });
  }
});
