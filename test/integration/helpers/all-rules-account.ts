/**
 * One account that triggers every upgrade rule of `/migrate check`, and a
 * clean account on which none finds anything, both on a throwaway 10.11
 * (the host's own binary) checked against a throwaway 11.8.
 *
 * Why a throwaway 10.11 and not the host's: six rules need the current
 * server itself set up (event_scheduler ON, explicit_defaults_for_timestamp
 * OFF, time zone tables loaded, the ARCHIVE and PAM plugins, a table made
 * under mysql56_temporal_format OFF); doing that with SET GLOBAL or INSTALL
 * SONAME on the shared host would change every other test's server.
 *
 * The 11.8 runs with lower_case_table_names = 1 and the system time zone
 * Europe/Paris (only a start sets them); `useTarget('fixture')` sets what
 * SET GLOBAL can (a stricter sql_mode, a smaller max_allowed_packet), and
 * `useTarget('clean')` puts these back to the source's values: sql_mode,
 * max_allowed_packet and time_zone are reported for every account whose
 * connections get them, so a clean account is clean against a target that
 * does not change them. Every other difference stays (lower_case_table_names,
 * collation_server, the system zone, snapshot isolation, TLS on a generated
 * certificate, no time zone tables, no ARCHIVE, event_scheduler OFF): the
 * clean account has nothing they touch.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { DatabaseUser, Endpoint } from '../../../src/drivers/driver.ts';
import { DEFAULT_SQL_MODE } from '../../../src/drivers/mariadb/checks/rules/zero-dates.ts';
import { chkBFixtures } from '../checks/fixture-chk-b.ts';
import { rulesAFixtures } from '../checks/fixture-rules-a.ts';
import { asUsers, onServer } from '../checks/run-checks-with.ts';
import { expectedObjects, type ExpectedObjects } from './all-rules-expected.ts';
import { startHostServer, startImageServer, type TestServer } from './copier-server.ts';

/** Rules no single fixture account can make fire here, with why (each has its own test). */
export const NOT_TRIGGERED: Readonly<Record<string, string>> = {
  'tls-required': 'needs a target without TLS, while tls-auth-plugins needs one on its generated certificate: one target cannot be both (tls.test.ts covers it)',
};

export interface AccountPart {
  readonly databases: readonly string[];
  readonly users: readonly DatabaseUser[];
}

export interface AllRulesAccount {
  /** The current server of both accounts (a 10.11 of its own) and the 11.8 they are checked against. */
  readonly source: TestServer;
  readonly target: TestServer;
  readonly suffix: string;
  readonly fixture: AccountPart & { readonly expected: ExpectedObjects };
  readonly clean: AccountPart;
  /** Sets the target's dynamic settings for checking one account or the other. */
  useTarget(which: 'fixture' | 'clean'): Promise<void>;
  stop(): Promise<void>;
}

/** The 10.11 as Debian configures it (utf8mb4_general_ci), with the settings the source-side rules look at. */
const SOURCE_OPTIONS = ['--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci', '--event-scheduler=ON', '--explicit-defaults-for-timestamp=OFF'];
const TARGET_OPTIONS = { serverOptions: ['--lower-case-table-names=1'], systemTimeZone: 'Europe/Paris' };
const UTF8_GENERAL = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci';

/** Runs `statements` in `database`, on a connection of their own. */
export async function inDatabase(server: Endpoint, database: string, statements: readonly string[]): Promise<void> {
  // One connection per rule: a fixture's session settings (sql_mode, time_zone, foreign_key_checks) stay its own.
  const conn = await mysql.createConnection({ ...server, database });
  try {
    for (const statement of statements) await conn.query(statement);
  } finally {
    await conn.end();
  }
}

/** Europe/Paris in the source's time zone tables (target-time-zone-tables needs some; the 11.8 has none). */
async function loadZone(server: Endpoint): Promise<void> {
  const sql = execFileSync('mariadb-tzinfo-to-sql', ['/usr/share/zoneinfo/Europe/Paris', 'Europe/Paris'], { encoding: 'utf8' });
  const conn = await mysql.createConnection({ ...server, database: 'mysql', multipleStatements: true });
  try { await conn.query(sql); } finally { await conn.end(); }
}

async function buildFixture(server: Endpoint, suffix: string): Promise<AccountPart & { expected: ExpectedObjects }> {
  const [app, ops] = [`ca${suffix}_app`, `ca${suffix}_ops`];
  await onServer(server, [`CREATE DATABASE ${app} ${UTF8_GENERAL}`, `CREATE DATABASE ${ops} ${UTF8_GENERAL}`]);
  // chk-rules-a: object-level rules, each in `app` (the rollback ones need an 11.8: all-rules-rollback.ts).
  for (const fixture of Object.values(rulesAFixtures)) {
    if (fixture.server !== '11.8') await inDatabase(server, app, fixture.triggers);
  }
  // chk-rules-b: settings, accounts and behaviour, in `ops`, with their users and plugins.
  const b = Object.values(chkBFixtures(suffix));
  await onServer(server, b.flatMap((f) => f.server?.setup ?? []));
  for (const fixture of b) await inDatabase(server, ops, fixture.statements);
  const users = asUsers([...new Set(b.flatMap((f) => f.users ?? []))]);
  return { databases: [app, ops], users, expected: expectedObjects(app, ops, suffix) };
}

/** A small shop that uses nothing any rule looks for: explicit collations, keys, its own users as definers, a zone-independent event. */
async function buildClean(server: Endpoint, suffix: string): Promise<AccountPart> {
  const [db, app, ro] = [`ca${suffix}_clean`, `ca${suffix}_app`, `ca${suffix}_ro`];
  await onServer(server, [
    `CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    `CREATE USER '${app}'@'%' IDENTIFIED BY 'clean-Account-pw-1'`, `GRANT ALL ON \`${db}\`.* TO '${app}'@'%'`,
    `CREATE USER '${ro}'@'localhost' IDENTIFIED BY 'clean-Account-pw-2'`, `GRANT SELECT ON \`${db}\`.* TO '${ro}'@'localhost'`,
  ]);
  const definer = `DEFINER = '${app}'@'%'`;
  await inDatabase(server, db, [
    "SET time_zone = '+00:00'",
    'CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(80) NOT NULL, joined DATETIME NULL, UNIQUE KEY (email))',
    'CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2) NOT NULL, note TEXT NULL, '
      + 'FOREIGN KEY (customer_id) REFERENCES customers (id))',
    "INSERT INTO customers (email, joined) VALUES ('a@example.com', '2024-01-02 03:04:05'), ('b@example.com', NULL)",
    'INSERT INTO orders (customer_id, amount) VALUES (1, 9.90), (1, 20.00), (2, 5.00)',
    'ANALYZE TABLE customers, orders',
    `CREATE ${definer} VIEW order_totals AS SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id`,
    `CREATE ${definer} PROCEDURE add_order(IN customer INT, IN price DECIMAL(10,2)) INSERT INTO orders (customer_id, amount) VALUES (customer, price)`,
    `CREATE ${definer} TRIGGER orders_round BEFORE INSERT ON orders FOR EACH ROW SET NEW.amount = ROUND(NEW.amount, 2)`,
    // Inserts only: rows no other transaction can have changed since a snapshot (snapshot-isolation names what programs update or delete).
    `CREATE ${definer} EVENT welcome_orders ON SCHEDULE EVERY 1 DAY DISABLE DO INSERT INTO orders (customer_id, amount) SELECT id, 0 FROM customers WHERE joined IS NULL`,
  ]);
  return { databases: [db], users: [{ user: app, host: '%' }, { user: ro, host: 'localhost' }] };
}

async function variable(server: Endpoint, name: string): Promise<string> {
  const conn = await mysql.createConnection(server);
  const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT @@GLOBAL.${name} AS v`).finally(() => conn.end());
  return String(rows[0]?.['v']);
}

/** Starts both servers (in parallel) and builds both accounts on the 10.11; `stop` destroys the servers and all in them. */
export async function openAllRulesAccount(): Promise<AllRulesAccount> {
  const [source, target] = await Promise.all([startHostServer(undefined, SOURCE_OPTIONS), startImageServer('11.8', undefined, TARGET_OPTIONS)]);
  const stop = async (): Promise<void> => { await Promise.all([source.stop(), target.stop()]); };
  try {
    const suffix = randomBytes(3).toString('hex');
    await loadZone(source.endpoint);
    const fixture = await buildFixture(source.endpoint, suffix);
    const clean = await buildClean(source.endpoint, suffix);
    const packet = await variable(source.endpoint, 'max_allowed_packet');
    const settings = {
      // A stricter mode that refuses zero dates (zero-dates, target-sql-mode); a packet smaller than the source's (target-max-allowed-packet).
      fixture: [`SET GLOBAL sql_mode = '${DEFAULT_SQL_MODE},NO_ZERO_DATE,NO_ZERO_IN_DATE'`, 'SET GLOBAL max_allowed_packet = 16777216', "SET GLOBAL time_zone = 'SYSTEM'"],
      clean: [`SET GLOBAL sql_mode = '${await variable(source.endpoint, 'sql_mode')}'`, `SET GLOBAL max_allowed_packet = ${packet}`, "SET GLOBAL time_zone = '+00:00'"],
    };
    return { source, target, suffix, fixture, clean, useTarget: (which) => onServer(target.endpoint, settings[which]), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
