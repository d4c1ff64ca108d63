import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/driver.ts';

/**
 * An account's database for replay tests, the same on every server it is
 * created on: orders (2000 rows, secondary indexes), customers,
 * subscriptions renewing after 2038, a view over them, and what a SELECT
 * could write through (a stored function inserting into `audit`, a sequence).
 */
export const replayFixture = (): string[] => [
  `CREATE TABLE orders (id INT PRIMARY KEY AUTO_INCREMENT, status VARCHAR(10) NOT NULL, customer INT NOT NULL, amount DECIMAL(10,2),
     created DATETIME, note VARCHAR(100), KEY k_status (status), KEY k_customer (customer), KEY k_created (created))`,
  `INSERT INTO orders (status, customer, amount, created, note) SELECT ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'done'), seq % 50, seq * 1.5,
     '2024-01-01' + INTERVAL seq MINUTE, REPEAT('x', 50) FROM seq_1_to_2000`,
  'CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50), country CHAR(2), KEY k_country (country))',
  "INSERT INTO customers SELECT seq, CONCAT('c', seq), ELT(1 + seq % 5, 'FR', 'DE', 'US', 'GB', 'ES') FROM seq_0_to_49",
  // Renewal times as epoch seconds, some after 2038-01-19 (beyond a 32-bit TIMESTAMP).
  'CREATE TABLE subscriptions (id INT PRIMARY KEY, customer INT NOT NULL, renews_at BIGINT NOT NULL)',
  'INSERT INTO subscriptions SELECT seq, seq % 50, 1700000000 + seq * 50000000 FROM seq_1_to_20',
  'CREATE VIEW renewals AS SELECT id, FROM_UNIXTIME(renews_at) AS renews FROM subscriptions',
  'CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME)',
  'CREATE SEQUENCE ticket',
  'CREATE FUNCTION touch() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO audit (at) VALUES (NOW()); RETURN 1; END',
  // Statistics as of now, not whenever InnoDB's background recalculation runs: plans must not depend on timing.
  'ANALYZE TABLE orders, customers, subscriptions',
];

/** Creates `database` with `statements` on each server. */
export async function createOn(servers: readonly Endpoint[], database: string, statements: readonly string[]): Promise<void> {
  for (const server of servers) {
    const conn = await mysql.createConnection({ ...server });
    try {
      await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await conn.query(`CREATE DATABASE \`${database}\``);
      await conn.query(`USE \`${database}\``);
      for (const statement of statements) await conn.query(statement);
    } finally {
      await conn.end();
    }
  }
}

export async function dropOn(servers: readonly Endpoint[], database: string): Promise<void> {
  for (const server of servers) {
    const conn = await mysql.createConnection({ ...server });
    try { await conn.query(`DROP DATABASE IF EXISTS \`${database}\``); } finally { await conn.end(); }
  }
}

export const replayDatabase = (label: string): string => `replay_${label}_${randomBytes(3).toString('hex')}`;

/** Runs `statements` in `database` as an application would, one connection. */
export async function runAsApp(server: Endpoint, database: string, statements: readonly string[]): Promise<void> {
  const conn = await mysql.createConnection({ ...server, database });
  try {
    for (const statement of statements) await conn.query(statement);
  } finally {
    await conn.end();
  }
}
