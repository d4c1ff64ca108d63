/**
 * What makes each rule of chk-rules-b fire, so one fixture account can
 * trigger them all: statements run inside the account's database (in order,
 * one connection), server-wide statements (users, plugins) with their undoing,
 * and what else must hold (settings of the two servers). The rules' own tests
 * build their fixtures from these.
 */

export interface RuleFixture {
  /** Run inside the account's database, in order, on one connection. */
  readonly statements: readonly string[];
  /** Server-wide statements to run first, and what undoes them. */
  readonly server?: { readonly setup: readonly string[]; readonly cleanup: readonly string[] };
  /** The account users (user@host) the check must be given. */
  readonly users?: readonly string[];
  /** What else must hold for the rule to fire. */
  readonly needs: string;
}

/** A password only these fixtures use; no test logs in with it except the TLS checks. */
export const FIXTURE_PASSWORD = 'chkb-Fixture-pw-1';

const user = (name: string, rest = ''): { setup: string; cleanup: string } =>
  ({ setup: `CREATE USER '${name}'@'%' ${rest}`.trim(), cleanup: `DROP USER IF EXISTS '${name}'@'%'` });

/** The fixtures, with `suffix` in every user name so concurrent runs do not meet. */
export function chkBFixtures(suffix: string): Record<string, RuleFixture> {
  const app = user(`chkb_app_${suffix}`, `IDENTIFIED BY '${FIXTURE_PASSWORD}'`);
  const src = user(`chkb_src_${suffix}`);
  const tls = user(`chkb_tls_${suffix}`, `IDENTIFIED BY '${FIXTURE_PASSWORD}'`);
  const x509 = user(`chkb_x509_${suffix}`, `IDENTIFIED BY '${FIXTURE_PASSWORD}' REQUIRE X509`);
  const ssl = user(`chkb_ssl_${suffix}`, `IDENTIFIED BY '${FIXTURE_PASSWORD}' REQUIRE SSL`);
  const pam = user(`chkb_pam_${suffix}`, 'IDENTIFIED VIA pam');
  const dba = user(`chkb_dba_${suffix}`);
  return {
    'definers-missing': {
      server: { setup: [app.setup, src.setup], cleanup: [app.cleanup, src.cleanup] },
      users: [`chkb_app_${suffix}@%`],
      statements: [
        'CREATE TABLE dm_t (id INT PRIMARY KEY, v INT)',
        `CREATE DEFINER='chkb_app_${suffix}'@'%' VIEW dm_ok AS SELECT id FROM dm_t`,
        `CREATE DEFINER='chkb_gone_${suffix}'@'%' PROCEDURE dm_gone() SQL SECURITY INVOKER SELECT 1`,
        `CREATE DEFINER='chkb_src_${suffix}'@'%' EVENT dm_src ON SCHEDULE EVERY 1 DAY DISABLE DO UPDATE dm_t SET v = v + 1`,
      ],
      needs: 'dm_gone\'s definer exists nowhere (found with or without a target); dm_src\'s only on the source (found when the target is read)',
    },
    'event-system-time-zone': {
      statements: [
        'CREATE TABLE ev_t (n INT)',
        "SET time_zone = 'SYSTEM'",
        "CREATE EVENT ev_sys ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DISABLE DO DELETE FROM ev_t",
        "SET time_zone = '+02:00'",
        "CREATE EVENT ev_fixed ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DISABLE DO DELETE FROM ev_t",
      ],
      needs: 'the target\'s system time zone differs from the source\'s (ev_sys is found, ev_fixed never)',
    },
    'target-event-scheduler': {
      statements: [
        'CREATE TABLE es_t (n INT)', 'INSERT INTO es_t VALUES (0)',
        'CREATE EVENT es_tick ON SCHEDULE EVERY 1 SECOND DO UPDATE es_t SET n = n + 1',
        'CREATE EVENT es_off ON SCHEDULE EVERY 1 DAY DISABLE DO UPDATE es_t SET n = 0',
      ],
      needs: 'event_scheduler ON on the source and OFF on the target (es_tick is found, es_off never)',
    },
    'default-collation-uca1400': {
      statements: ['CREATE TABLE dc_t (name VARCHAR(20)) CHARSET=utf8mb4'],
      needs: 'the database\'s default collation is utf8mb4_general_ci (the 10.11 default) and the migration crosses 11.5',
    },
    'mixed-collations': {
      statements: [
        'CREATE TABLE mc_users (id INT PRIMARY KEY, email VARCHAR(80) COLLATE utf8mb4_general_ci, KEY (email))',
        'CREATE TABLE mc_orders (id INT PRIMARY KEY, email VARCHAR(80) COLLATE utf8mb4_unicode_ci, KEY (email))',
        'CREATE TABLE mc_notes (id INT PRIMARY KEY, email VARCHAR(80) COLLATE utf8mb4_bin)',
        'SET foreign_key_checks = 0',
        'CREATE TABLE mc_child (id INT PRIMARY KEY, code VARCHAR(10) COLLATE utf8mb4_general_ci, FOREIGN KEY (code) REFERENCES mc_parent (code))',
        'CREATE TABLE mc_parent (code VARCHAR(10) COLLATE utf8mb4_unicode_ci PRIMARY KEY)',
        'SET foreign_key_checks = 1',
      ],
      needs: 'nothing else (mc_notes.email is not indexed, so not reported)',
    },
    'snapshot-isolation': {
      statements: [
        'CREATE TABLE si_counter (id INT PRIMARY KEY, n INT) ENGINE=InnoDB', 'INSERT INTO si_counter VALUES (1, 0)',
        'CREATE PROCEDURE si_bump() UPDATE si_counter SET n = n + 1 WHERE id = 1',
      ],
      needs: 'innodb_snapshot_isolation ON on the target (the 11.6.2+ default), OFF on the source; the migration crosses 11.6',
    },
    'optimizer-cost-model': {
      statements: [
        'CREATE TABLE oc_a (id INT PRIMARY KEY, b_id INT)', 'CREATE TABLE oc_b (id INT PRIMARY KEY, label VARCHAR(10))',
        'INSERT INTO oc_a VALUES (1, 1), (2, 1)', "INSERT INTO oc_b VALUES (1, 'x')", 'ANALYZE TABLE oc_a, oc_b',
        'CREATE VIEW oc_v AS SELECT a.id, b.label FROM oc_a a JOIN oc_b b ON b.id = a.b_id',
        'CREATE PROCEDURE oc_p() SELECT a.id FROM oc_a a, oc_b b WHERE b.id = a.b_id',
      ],
      needs: 'the migration crosses 11.0',
    },
    'tls-required': {
      server: { setup: [tls.setup], cleanup: [tls.cleanup] }, users: [`chkb_tls_${suffix}@%`], statements: [],
      needs: 'the target has have_ssl other than YES (a 10.11 without certificates)',
    },
    'tls-required-users': {
      server: { setup: [x509.setup, ssl.setup], cleanup: [x509.cleanup, ssl.cleanup] },
      users: [`chkb_x509_${suffix}@%`, `chkb_ssl_${suffix}@%`], statements: [],
      needs: 'a target without ssl_ca (an 11.4+ on its generated certificate: the X509 user is found) or without TLS (both are)',
    },
    'tls-auth-plugins': {
      server: { setup: ["INSTALL SONAME 'auth_pam'", pam.setup], cleanup: [pam.cleanup, "UNINSTALL SONAME 'auth_pam'"] },
      users: [`chkb_pam_${suffix}@%`], statements: [],
      needs: 'a target on its generated certificate (11.4+, no ssl_cert); installs a plugin, so run it on a throwaway server',
    },
    'target-sql-mode': { statements: [], needs: 'the target\'s global sql_mode differs from the source\'s' },
    'target-lower-case-table-names': {
      statements: ['CREATE TABLE Lc_Users (id INT)', 'CREATE TABLE lc_users (id INT)'],
      needs: 'lower_case_table_names 0 on the source and 1 or 2 on the target (read only: set when the target\'s data directory is made)',
    },
    'target-max-allowed-packet': {
      statements: ['CREATE TABLE mp_files (id INT PRIMARY KEY, body LONGBLOB, note TINYTEXT)'],
      needs: 'the target\'s max_allowed_packet is smaller than the source\'s (mp_files.body is found, note never)',
    },
    'target-character-set-server': {
      // CREATE on a pattern of database names: this user creates databases itself, which then get the target's defaults.
      server: { setup: [dba.setup, `GRANT CREATE ON \`chkb\\_${suffix}\\_%\`.* TO 'chkb_dba_${suffix}'@'%'`], cleanup: [dba.cleanup] },
      users: [`chkb_dba_${suffix}@%`], statements: [],
      needs: 'character_set_server or collation_server differ (10.11 utf8mb4_general_ci against 11.8 utf8mb4_uca1400_ai_ci by default) and an account user can create databases',
    },
    'target-time-zone': {
      statements: ['CREATE TABLE tz_log (id INT PRIMARY KEY, at DATETIME DEFAULT CURRENT_TIMESTAMP)'],
      needs: 'the target\'s global time_zone resolves to another zone than the source\'s',
    },
    'explicit-defaults-for-timestamp': {
      statements: [
        "CREATE TABLE ed_t (id INT PRIMARY KEY, changed TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, created TIMESTAMP NOT NULL DEFAULT '0000-00-00 00:00:00')",
        'CREATE PROCEDURE ed_make() CREATE TABLE IF NOT EXISTS ed_made (id INT,\n  at TIMESTAMP)',
      ],
      needs: 'explicit_defaults_for_timestamp OFF on the source and ON on the target (or no target and the migration crosses 10.10)',
    },
    'target-time-zone-tables': {
      statements: [
        "CREATE FUNCTION tzt_local(t DATETIME) RETURNS DATETIME DETERMINISTIC RETURN CONVERT_TZ(t, 'UTC', 'Europe/Paris')",
        "CREATE FUNCTION tzt_fixed(t DATETIME) RETURNS DATETIME DETERMINISTIC RETURN CONVERT_TZ(t, '+00:00', '+02:00')",
      ],
      needs: 'mysql.time_zone_name has rows on the source and none on the target (tzt_local is found, tzt_fixed never)',
    },
  };
}

/** The fixture of one rule; throws for an id it does not know. */
export function fixtureOf(id: string, suffix: string): RuleFixture {
  const fixture = chkBFixtures(suffix)[id];
  if (!fixture) throw new Error(`no chk-rules-b fixture for ${id}`);
  return fixture;
}
