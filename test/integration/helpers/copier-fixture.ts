import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/driver.ts';

/** Names that break any copier that forgets to quote. */
export const NASTY = {
  db1: 'copier `ünï` db',
  db2: "copier o'brien",
  table: 'select `order` "q"',
  view1: 'v base',
  view2: 'v`top',
  user: 'app`user',
  userPassword: "s3cr'et\\pw",
} as const;

const MB = 1024 * 1024;
export const BIG_BLOB_BYTES = MB;

/** The fixture's databases, for copy requests. */
export const FIXTURE_DATABASES = [NASTY.db1, NASTY.db2];

/**
 * Builds the nasty source schema on `endpoint` (dropping a previous one):
 * every awkward type, names needing quoting, views over views, routines,
 * a trigger, an event, a missing DEFINER, a broken view, MyISAM, NULLs,
 * zero dates and a 1 MB BLOB. `suffix` keeps concurrent test files apart.
 */
export async function buildFixture(endpoint: Endpoint, suffix: string): Promise<{ databases: string[]; user: string }> {
  const db1 = NASTY.db1 + suffix;
  const db2 = NASTY.db2 + suffix;
  const user = NASTY.user + suffix;
  const q = (s: string): string => '`' + s.replaceAll('`', '``') + '`';
  const conn = await mysql.createConnection({ ...endpoint, charset: 'utf8mb4', multipleStatements: false });
  const run = async (sql: string, values?: unknown[]): Promise<void> => { await conn.query(sql, values); };
  await run("SET sql_mode = 'NO_ENGINE_SUBSTITUTION'");
  await run("SET time_zone = '+00:00'");
  for (const db of [db1, db2]) await run(`DROP DATABASE IF EXISTS ${q(db)}`);
  await run(`DROP USER IF EXISTS ?@'%'`, [user]);
  await run(`CREATE USER ?@'%' IDENTIFIED BY ?`, [user, NASTY.userPassword]);
  await run(`GRANT SELECT, INSERT, EXECUTE, TRIGGER ON ${q(db1)}.* TO ?@'%'`, [user]);
  await run(`CREATE DATABASE ${q(db1)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await run(`CREATE DATABASE ${q(db2)} CHARACTER SET latin1 COLLATE latin1_swedish_ci`);
  await run(`USE ${q(db1)}`);
  await run(`CREATE TABLE ${q(NASTY.table)} (
    id INT AUTO_INCREMENT PRIMARY KEY, \`from\` VARCHAR(50) CHARACTER SET utf8mb4 NULL,
    l1 VARCHAR(50) CHARACTER SET latin1 NULL, u3 VARCHAR(50) CHARACTER SET utf8mb3 NULL, t TEXT NULL,
    d DECIMAL(30,10) NULL, f FLOAT NULL, dbl DOUBLE NULL, bg BIGINT UNSIGNED NULL, b BIT(13) NULL,
    e ENUM('a','b c','d''e') NULL, s SET('x','y','z') NULL, dt DATETIME(6) NULL, ts TIMESTAMP NULL DEFAULT NULL,
    dd DATE NULL, tm TIME(3) NULL, yr YEAR NULL, bin VARBINARY(64) NULL, bl LONGBLOB NULL, j JSON NULL,
    g POINT NULL, gen_len INT AS (CHAR_LENGTH(\`from\`)) VIRTUAL, gen_up VARCHAR(60) AS (UPPER(\`from\`)) STORED,
    zd DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00', KEY (\`from\`)
  ) ENGINE=InnoDB`);
  const rowSql = `INSERT INTO ${q(NASTY.table)} (id, \`from\`, l1, u3, t, d, f, dbl, bg, b, e, s, dt, ts, dd, tm, yr, bin, bl, j, g, zd)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ST_GeomFromText(?, 4326), ?)`;
  await run(rowSql, [1, 'emoji 😀 tab\there\nnewline \\ backslash \\N', 'café é', 'naïve ß', 'line1\r\nline2\0nul',
    '-12345678901234567890.0123456789', 3.25, 1.0000000000000002, '18446744073709551615', 5000, 'd\'e', 'x,z',
    '2024-02-29 23:59:59.123456', '2038-01-19 03:14:07', '0000-00-00', '-838:59:59.000', 2155,
    Buffer.from([0, 9, 10, 13, 92, 78, 255, 0x27]), Buffer.alloc(16, 0xab), '{"k": "v\\u00e9", "n": [1, 2]}', 'POINT(1.5 -2.25)',
    '0000-00-00 00:00:00']);
  await run(rowSql, [2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, '2020-01-01 00:00:00']);
  await run(rowSql, [3, '', '', '', '', '0', 0, 0, 0, 0, 'a', '', '1970-01-01 00:00:01', '1970-01-01 00:00:01', '1000-01-01', '00:00:00', 1901,
    Buffer.alloc(0), Buffer.alloc(0), 'null', 'POINT(0 0)', '2021-00-10 00:00:00']);
  const big = Buffer.alloc(BIG_BLOB_BYTES);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
  await run(rowSql, [4, 'big', null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, big, null, null, '2020-01-01 00:00:00']);
  // An explicit 0 in an AUTO_INCREMENT column: the copy must keep it (NO_AUTO_VALUE_ON_ZERO on load).
  await run("SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
  await run(`INSERT INTO ${q(NASTY.table)} (id, \`from\`) VALUES (0, 'zero id')`);
  await run("SET sql_mode = 'NO_ENGINE_SUBSTITUTION'");
  await run(`CREATE TABLE many (id BIGINT PRIMARY KEY, v VARCHAR(40) NOT NULL, n INT NULL) ENGINE=InnoDB`);
  await run(`INSERT INTO many SELECT seq, CONCAT('row-', seq, '\t\\\\'), IF(seq % 3 = 0, NULL, seq) FROM seq_1_to_20000`);
  await run(`CREATE TABLE legacy (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=MyISAM`);
  await run(`INSERT INTO legacy VALUES (1, 'myisam'), (2, NULL)`);
  await run(`CREATE TABLE child (id INT PRIMARY KEY, many_id BIGINT, FOREIGN KEY (many_id) REFERENCES many (id)) ENGINE=InnoDB`);
  await run(`INSERT INTO child VALUES (1, 1), (2, 20000)`);
  await run(`CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(100))`);
  await run(`CREATE TABLE nokey (a INT NULL, b TEXT NULL) ENGINE=Aria`);
  await run(`INSERT INTO nokey VALUES (1, 'x'), (NULL, NULL), (1, 'x')`);
  await run(`CREATE SEQUENCE ${q('seq `s')} START WITH 100`);
  await run(`SELECT NEXTVAL(${q('seq `s')})`);
  // The account's own user as DEFINER (it is copied); root@<address> of the source does not exist on targets.
  const definer = `${conn.escape(user)}@'%'`;
  await run(`CREATE DEFINER = ${definer} VIEW ${q(NASTY.view1)} AS SELECT id, \`from\` FROM ${q(NASTY.table)} WHERE id > 0`);
  await run(`CREATE DEFINER = ${definer} VIEW ${q(NASTY.view2)} AS SELECT COUNT(*) AS n FROM ${q(NASTY.view1)}`);
  // A view that is broken on the source already: its column was dropped after it was made.
  await run(`CREATE TABLE shrinking (a INT, b INT)`);
  await run(`CREATE VIEW broken AS SELECT a, b FROM shrinking`);
  await run(`ALTER TABLE shrinking DROP COLUMN b`);
  await run(`CREATE DEFINER = 'ghost'@'%' SQL SECURITY DEFINER VIEW ghostly AS SELECT 1 AS one`);
  await run(`CREATE DEFINER = ${definer} PROCEDURE ${q('add `audit')}(IN m VARCHAR(100)) BEGIN INSERT INTO audit (msg) VALUES (m); END`);
  await run(`CREATE DEFINER = ${definer} FUNCTION ${q('twice')}(x INT) RETURNS INT DETERMINISTIC RETURN x * 2`);
  await run(`CREATE DEFINER = ${definer} TRIGGER ${q('many ai')} AFTER INSERT ON many FOR EACH ROW INSERT INTO audit (msg) VALUES (CONCAT('many ', NEW.id))`);
  await run(`CREATE DEFINER = ${definer} EVENT ${q('nightly')} ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM audit`);
  await run(`USE ${q(db2)}`);
  await run(`CREATE TABLE ${q('wp_posts')} (ID BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_title TEXT,
    post_date DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00') ENGINE=InnoDB DEFAULT CHARSET=latin1`);
  await run(`INSERT INTO wp_posts (post_title, post_date) VALUES ('Café', '0000-00-00 00:00:00'), ('ok', '2024-01-01 10:00:00')`);
  await run(`GRANT EXECUTE ON FUNCTION ${q(db1)}.${q('twice')} TO ?@'%'`, [user]);
  await conn.end();
  return { databases: [db1, db2], user };
}

/** Drops what buildFixture made. */
export async function dropFixture(endpoint: Endpoint, databases: readonly string[], user: string): Promise<void> {
  const conn = await mysql.createConnection({ ...endpoint, charset: 'utf8mb4' });
  for (const db of databases) await conn.query(`DROP DATABASE IF EXISTS \`${db.replaceAll('`', '``')}\``);
  await conn.query(`DROP USER IF EXISTS ?@'%'`, [user]);
  await conn.end();
}
