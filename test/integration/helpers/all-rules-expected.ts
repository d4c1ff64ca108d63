/**
 * What each upgrade rule must name on the all-rules account (all-rules-account.ts):
 * the objects its fixture was written to trigger (`found`), by database,
 * object and column (details carry values and are each rule's own test's
 * business), and the ones its fixture holds to be passed over (`notFound`).
 * `app` holds chk-rules-a's fixtures, `ops` chk-rules-b's.
 */
import type { AffectedObject, CheckReport } from '../../../src/drivers/reports.ts';

export type ObjectKey = Pick<AffectedObject, 'database' | 'object' | 'column'>;
export type ExpectedObjects = Readonly<Record<string, { readonly found: readonly ObjectKey[]; readonly notFound?: readonly ObjectKey[] }>>;

/** The table fixture-rules-a renames to 64 characters (long-fk-names). */
const LONG = 'b'.repeat(64);

export function expectedObjects(app: string, ops: string, suffix: string): ExpectedObjects {
  const a = (object: string, column?: string): ObjectKey => ({ database: app, object, ...(column ? { column } : {}) });
  const o = (object: string, column?: string): ObjectKey => ({ database: ops, object, ...(column ? { column } : {}) });
  const setting = (object: string): ObjectKey => ({ object });
  const user = (name: string): ObjectKey => ({ object: `chkb_${name}_${suffix}@%` });
  return {
    'no-primary-key': { found: [a('me'), a(LONG), o('ev_t'), o('es_t'), o('dc_t'), o('Lc_Users'), o('lc_users')], notFound: [a('vector'), o('mp_files')] },
    'reserved-words': { found: [a('vector'), a('vector', 'sql_before_gtids'), a('sql_after_gtids'), a('rw', 'vector')] },
    'reserved-words-in-programs': { found: [a('rw_body'), a('rw_param'), a('rw_trg')] },
    'removed-variables': { found: [a('rv_read'), a('rv_set')] },
    'deprecated-names': { found: [a('dn')] },
    'utf8mb3': { found: [a('u3'), a('u3', 'name')] },
    'zero-dates': { found: [a('zd', 'made'), a('zd', 'due')] },
    'old-temporal': { found: [a('ot', 'at'), a('ot', 't')] },
    'system-versioned': { found: [a('sv')] },
    'compressed-columns': { found: [a('cc', 'body')] },
    'compressed-syntax-in-programs': { found: [a('cs')] },
    'long-fk-names': { found: [a(LONG)] },
    'non-transactional': { found: [a('nt_m'), a('nt_a'), a('me')] },
    'missing-engines': { found: [a('me')], notFound: [a('nt_m'), a('nt_a')] },
    'session-user-function': { found: [a('su_who')] },
    'definers-missing': { found: [o('dm_src'), o('dm_gone')], notFound: [o('dm_ok')] },
    'event-system-time-zone': { found: [o('ev_sys')], notFound: [o('ev_fixed')] },
    'target-event-scheduler': { found: [o('es_tick')], notFound: [o('es_off')] },
    'default-collation-uca1400': { found: [{ database: app }, { database: ops }] },
    'mixed-collations': { found: [o('mc_users', 'email'), o('mc_orders', 'email'), o('mc_child', 'code')], notFound: [o('mc_notes', 'email')] },
    'snapshot-isolation': { found: [setting('innodb_snapshot_isolation'), o('si_counter')] },
    'optimizer-cost-model': { found: [o('oc_v'), o('oc_p'), o('oc_a'), o('oc_b')] },
    'tls-required-users': { found: [user('x509')], notFound: [user('ssl')] },
    'tls-auth-plugins': { found: [user('pam')], notFound: [user('app')] },
    'target-sql-mode': { found: [setting('sql_mode')] },
    'target-lower-case-table-names': { found: [setting('lower_case_table_names'), o('Lc_Users'), o('lc_users')] },
    'target-max-allowed-packet': { found: [setting('max_allowed_packet'), o('mp_files', 'body')], notFound: [o('mp_files', 'note')] },
    'target-character-set-server': { found: [setting('collation_server'), user('dba')] },
    'target-time-zone': { found: [setting('time_zone'), o('tz_log', 'at')] },
    'explicit-defaults-for-timestamp': { found: [setting('explicit_defaults_for_timestamp'), o('ed_t', 'changed'), o('ed_t', 'created'), o('ed_make')] },
    'target-time-zone-tables': { found: [o('tzt_local')], notFound: [o('tzt_fixed')] },
  };
}

/** Whether `objects` holds one with the key's database and object, and its column when the key gives one. */
export function names(objects: readonly AffectedObject[], key: ObjectKey): boolean {
  return objects.some((found) => found.database === key.database && found.object === key.object
    && (key.column === undefined || found.column === key.column));
}

/** For each rule of `expected`: what it should have named in `report` and did not, and what it named that its fixture holds to be passed over. */
export function misses(report: CheckReport, expected: ExpectedObjects): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [rule, { found, notFound = [] }] of Object.entries(expected)) {
    const objects = report.findings.find((f) => f.rule === rule)?.objects ?? [];
    const wrong = [...found.filter((k) => !names(objects, k)).map((k) => `missing ${JSON.stringify(k)}`),
      ...notFound.filter((k) => names(objects, k)).map((k) => `unexpected ${JSON.stringify(k)}`)];
    if (wrong.length > 0) out[rule] = wrong;
  }
  return out;
}
