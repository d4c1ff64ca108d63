import mysql from 'mysql2/promise';
import type { DatabaseUser } from '../../../src/drivers/endpoint.ts';

/**
 * The users and roles of the mariadb-features account: every user feature
 * a copy must keep (OR-ed authentication methods, REQUIRE, resource
 * limits, expiry state and interval, lock), grants at every level, roles
 * held through other roles, and a role nobody of the account holds.
 */
export interface FeatureAccounts {
  /** The account's users besides its application user. */
  readonly users: DatabaseUser[];
  /** The roles the account's users hold (directly or through another role). */
  readonly roles: string[];
  /** A role of the server that no user of the account holds: not to be copied. */
  readonly unrelatedRole: string;
}

export const accountNames = (suffix: string): { ro: DatabaseUser; ops: DatabaseUser; x509: DatabaseUser; roles: string[]; unrelated: string } => ({
  ro: { user: `features_ro_${suffix}`, host: 'localhost' },
  ops: { user: `features_ops_${suffix}`, host: '%' },
  x509: { user: `features_ops_${suffix}`, host: '10.0.0.%' },
  roles: [`features_reader_${suffix}`, `features_auditor_${suffix}`],
  unrelated: `features_unused_${suffix}`,
});

/** A password changed on 2023-11-14, on a 90-day expiry interval: a copy must not restart its clock. */
const LONG_AGO = 1700000000;

/**
 * Creates the accounts on a server where `database` holds the loaded
 * fixture, through `conn` (an admin); `proxyAdmin` is a session allowed to
 * grant PROXY (root@localhost over the socket holds PROXY ... WITH GRANT OPTION).
 */
export async function createFeatureAccounts(conn: mysql.Connection, proxyAdmin: mysql.Connection, suffix: string, database: string, app: DatabaseUser): Promise<FeatureAccounts> {
  const { ro, ops, x509, roles, unrelated } = accountNames(suffix);
  const [reader, auditor] = roles as [string, string];
  const db = `\`${database}\``;
  const statements: [string, unknown[]][] = [
    ['CREATE ROLE ?', [auditor]], ['CREATE ROLE ?', [reader]], ['CREATE ROLE ?', [unrelated]],
    [`GRANT SELECT ON ${db}.a_orders TO ?`, [auditor]],
    [`GRANT SELECT (id, label), UPDATE (label) ON ${db}.ghosted TO ?`, [auditor]],
    ['GRANT ? TO ? WITH ADMIN OPTION', [auditor, reader]],
    [`GRANT SELECT, SHOW VIEW ON ${db}.* TO ?`, [reader]],
    [`GRANT EXECUTE ON FUNCTION ${db}.joined TO ?`, [reader]],
    [`GRANT SELECT ON ${db}.* TO ?`, [unrelated]],
    ["CREATE USER ?@? IDENTIFIED VIA mysql_native_password USING PASSWORD('r0 pw') OR unix_socket "
      + "REQUIRE SUBJECT '/CN=ro' AND ISSUER '/CN=features CA' AND CIPHER 'ECDHE-RSA-AES256-GCM-SHA384' "
      + 'WITH MAX_QUERIES_PER_HOUR 100 MAX_UPDATES_PER_HOUR 10 MAX_CONNECTIONS_PER_HOUR 20 MAX_USER_CONNECTIONS 3 MAX_STATEMENT_TIME 2.5 '
      + 'PASSWORD EXPIRE INTERVAL 30 DAY ACCOUNT LOCK', [ro.user, ro.host]],
    // Expired now and on an interval: SHOW CREATE USER gives two statements.
    ['ALTER USER ?@? PASSWORD EXPIRE', [ro.user, ro.host]],
    ['GRANT ? TO ?@? WITH ADMIN OPTION', [reader, ro.user, ro.host]],
    ['SET DEFAULT ROLE ? FOR ?@?', [reader, ro.user, ro.host]],
    [`GRANT SELECT (id, label), INSERT (label) ON ${db}.a_orders TO ?@?`, [ro.user, ro.host]],
    [`GRANT EXECUTE ON PROCEDURE ${db}.label_count TO ?@?`, [ro.user, ro.host]],
    [`GRANT ALTER ROUTINE ON FUNCTION ${db}.joined TO ?@?`, [ro.user, ro.host]],
    ["CREATE USER ?@? IDENTIFIED BY 'ops pw' REQUIRE SSL WITH MAX_CONNECTIONS_PER_HOUR 7 PASSWORD EXPIRE INTERVAL 90 DAY", [ops.user, ops.host]],
    ['GRANT PROCESS, SHOW DATABASES ON *.* TO ?@?', [ops.user, ops.host]],
    [`GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER ON ${db}.* TO ?@? WITH GRANT OPTION`, [ops.user, ops.host]],
    ['GRANT ? TO ?@?', [auditor, ops.user, ops.host]],
    ["UPDATE mysql.global_priv SET Priv = JSON_SET(Priv, '$.password_last_changed', ?) WHERE User = ? AND Host = ?", [LONG_AGO, ops.user, ops.host]],
    ['FLUSH PRIVILEGES', []],
    ["CREATE USER ?@? IDENTIFIED BY 'x509 pw' REQUIRE X509 PASSWORD EXPIRE NEVER", [x509.user, x509.host]],
    [`GRANT SELECT ON ${db}.exact_values TO ?@?`, [x509.user, x509.host]],
  ];
  for (const [sql, values] of statements) await conn.query(sql, values);
  await proxyAdmin.query('GRANT PROXY ON ?@? TO ?@?', [app.user, app.host, ro.user, ro.host]);
  return { users: [ro, ops, x509], roles, unrelatedRole: unrelated };
}

/** Drops what createFeatureAccounts made, by name (a half-made fixture goes too). */
export async function dropFeatureAccounts(conn: mysql.Connection, suffix: string): Promise<void> {
  const { ro, ops, x509, roles, unrelated } = accountNames(suffix);
  for (const u of [ro, ops, x509]) await conn.query('DROP USER IF EXISTS ?@?', [u.user, u.host]);
  for (const role of [...roles, unrelated]) await conn.query('DROP ROLE IF EXISTS ?', [role]);
}
