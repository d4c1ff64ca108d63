/**
 * System variables and functions that program bodies use and the new
 * version removed (the program cannot be created there: 1193 Unknown system
 * variable) or deprecated (it still works, with a warning, until a later
 * version removes it). Variables are found as `@@name`, `@@global.name`, and
 * as the target of a SET statement (`SET [GLOBAL|SESSION] name = ...`).
 */
import type { Rule } from '../rule.ts';
import { isWord, tokenize, type Token } from '../sql-words.ts';
import { compareVersions, versionParts } from '../versions.ts';

/** A name and the version by which it is gone (or deprecated), with what replaces it. */
interface Change {
  readonly by: string;
  readonly use?: string;
}

const series = (version: string): string => versionParts(version).slice(0, 2).join('.');
/** Whether `toVersion` is at or past `by`. */
const reached = (toVersion: string, by: string): boolean => compareVersions(series(toVersion), by) >= 0;

const all = (by: string, names: string, use?: string): [string, Change][] =>
  names.split(/\s+/).filter(Boolean).map((name) => [name, use === undefined ? { by } : { by, use }]);

/**
 * Removed system variables, from MariaDB's upgrade notes (10.5→10.6 ... 11.4→11.8)
 * and a comparison of SHOW VARIABLES on 10.11.19 and 11.8.9. The ones marked
 * '10.5' were gone before: a program that still names them fails on the
 * current server already, and its copy fails on the new one. `by` is the
 * first version known not to have it (an LTS where the notes do not say).
 * Every name here is checked to be unknown on 11.8 by the test.
 */
export const REMOVED_VARIABLES: ReadonlyMap<string, Change> = new Map([
  ...all('10.5', 'timed_mutexes thread_concurrency log_slow_queries max_long_data_size innodb_checksums innodb_locks_unsafe_for_binlog innodb_support_xa innodb_additional_mem_pool_size innodb_use_sys_malloc innodb_file_format_check innodb_file_format_max innodb_mirrored_log_groups engine_condition_pushdown'),
  ...all('10.6', 'innodb_adaptive_max_sleep_delay innodb_background_scrub_data_check_interval innodb_background_scrub_data_compressed innodb_background_scrub_data_interval innodb_background_scrub_data_uncompressed innodb_buffer_pool_instances innodb_commit_concurrency innodb_concurrency_tickets innodb_file_format innodb_large_prefix innodb_lock_schedule_algorithm innodb_log_checksums innodb_log_compressed_pages innodb_log_files_in_group innodb_log_optimize_ddl innodb_page_cleaners innodb_replication_delay innodb_scrub_log innodb_scrub_log_speed innodb_sync_array_size innodb_thread_concurrency innodb_thread_sleep_delay innodb_undo_logs'),
  ...all('10.11', 'innodb_version wsrep_replicate_myisam wsrep_strict_ddl', 'wsrep_mode'),
  ...all('11.0', 'innodb_change_buffer_max_size innodb_change_buffering'),
  ...all('11.1', 'innodb_defragment innodb_defragment_fill_factor innodb_defragment_fill_factor_n_recs innodb_defragment_frequency innodb_defragment_n_pages innodb_defragment_stats_accuracy'),
  ...all('11.3', 'date_format datetime_format time_format max_tmp_tables'),
  ...all('11.3', 'wsrep_causal_reads', 'wsrep_sync_wait'),
  ...all('11.4', 'old_alter_table'),
  ...all('11.5', 'wsrep_load_data_splitting oqgraph_allow_create_integer_latch'),
]);

/** Deprecated variables a program can set, and deprecated functions, with the version that deprecated them (checked on 11.8.9: warning 1287 or 4200). */
export const DEPRECATED_VARIABLES: ReadonlyMap<string, Change> = new Map([
  ...all('10.5', 'big_tables'),
  ...all('10.5', 'storage_engine', 'default_storage_engine'),
  ...all('10.11', 'old', 'old_mode'),
  ...all('11.0', 'log_slow_admin_statements', 'log_slow_filter'),
  ...all('11.0', 'innodb_file_per_table'),
  ...all('11.1', 'tx_isolation', 'transaction_isolation'),
  ...all('11.1', 'tx_read_only', 'transaction_read_only'),
  ...all('11.1', 'innodb_purge_rseg_truncate_frequency'),
  ...all('11.4', 'keep_files_on_create'),
  // 11.5 ignores it: ALTER TABLE picks the algorithm itself.
  ...all('11.5', 'alter_algorithm'),
]);
export const DEPRECATED_FUNCTIONS: ReadonlyMap<string, Change> = new Map(all('10.10', 'des_encrypt des_decrypt', 'aes_encrypt / aes_decrypt'));

/** Words after which a statement starts inside a body. */
const STATEMENT_STARTS = new Set(['BEGIN', 'THEN', 'ELSE', 'DO', 'LOOP', 'REPEAT']);

/** The first word of the statement token `i` belongs to (`SET`, `UPDATE`, `DECLARE` ...). */
function statementWord(tokens: readonly Token[], i: number): string {
  let depth = 0;
  for (let j = i - 1; j >= 0; j -= 1) {
    const t = tokens[j];
    if (!t) break;
    if (t.text === ')') depth += 1;
    else if (t.text === '(') depth -= 1;
    if (depth > 0) continue;
    if (t.text === ';' || (t.kind === 'word' && STATEMENT_STARTS.has(t.text.toUpperCase()))) return tokens[j + 1]?.text.toUpperCase() ?? '';
  }
  return tokens[0]?.text.toUpperCase() ?? '';
}

/** True when word token `i` is a system variable being assigned by a SET statement (not a column of UPDATE ... SET). */
function isSetTarget(tokens: readonly Token[], i: number): boolean {
  const next = tokens[i + 1]?.text;
  if (next !== '=' && next !== ':=') return false;
  const before = tokens[i - 1];
  if (!(isWord(before, 'SET') || isWord(before, 'GLOBAL') || isWord(before, 'SESSION') || isWord(before, 'LOCAL') || before?.text === ',')) return false;
  const first = statementWord(tokens, i);
  // A handler's action is a statement of its own: DECLARE ... HANDLER FOR ... SET x = 1.
  return first === 'SET' || (first === 'DECLARE' && tokens.some((t) => isWord(t, 'HANDLER')));
}

/** Local variables and cursors a body declares: a SET of those is not a system variable. */
function declared(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  tokens.forEach((t, i) => {
    if (!isWord(t, 'DECLARE')) return;
    for (let j = i + 1; j < tokens.length; j += 1) {
      const d = tokens[j];
      if (!d || (d.kind !== 'word' && d.kind !== 'quoted')) break;
      names.add(d.text.toLowerCase());
      if (tokens[j + 1]?.text !== ',') break;
      j += 1;
    }
  });
  return names;
}

/** Uses in `body` of the system variables in `names` (lower case) and of the functions in `functions`. */
export function nameUses(body: string, names: ReadonlySet<string>, functions: ReadonlySet<string> = new Set()): { line: number; name: string }[] {
  const tokens = tokenize(body);
  const locals = declared(tokens);
  const uses: { line: number; name: string }[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === 'system-variable' && names.has(t.text)) uses.push({ line: t.line, name: `@@${t.text}` });
    if (t.kind !== 'word' || tokens[i - 1]?.text === '.') return;
    const lower = t.text.toLowerCase();
    if (names.has(lower) && !locals.has(lower) && isSetTarget(tokens, i)) uses.push({ line: t.line, name: lower });
    if (functions.has(lower) && tokens[i + 1]?.text === '(') uses.push({ line: t.line, name: `${lower}()` });
  });
  return uses;
}

const pick = (changes: ReadonlyMap<string, Change>, toVersion: string): Set<string> =>
  new Set([...changes].filter(([, c]) => reached(toVersion, c.by)).map(([name]) => name));
const replacement = (name: string): string => {
  const bare = name.replace(/^@@/, '').replace(/\(\)$/, '');
  const use = REMOVED_VARIABLES.get(bare)?.use ?? DEPRECATED_VARIABLES.get(bare)?.use ?? DEPRECATED_FUNCTIONS.get(bare)?.use;
  return use ? ` → ${use}` : '';
};

const DOCS = 'https://mariadb.com/docs/server/server-management/install-and-upgrade-mariadb/upgrading/upgrading-from-to-specific-versions/upgrading-from-mariadb-10-11-to-mariadb-11-4';

/** Program bodies that read or set a system variable the new version no longer has. */
export const removedVariables: Rule = {
  id: 'removed-variables',
  severity: 'blocker',
  docs: DOCS,
  text: {
    en: {
      title: 'Programs that use system variables the new version removed',
      explanation: 'These routines, triggers or events read or set a system variable that the new version no longer has. It refuses to create them (1193 Unknown system variable), so the migration cannot copy them.',
      fix: 'Remove the variable from the program at the line shown, or use its replacement when one is named, recreate the program on the current server, then check again.',
    },
    fr: {
      title: 'Programmes qui utilisent des variables système supprimées dans la nouvelle version',
      explanation: 'Ces routines, déclencheurs ou événements lisent ou modifient une variable système que la nouvelle version n\'a plus. Elle refuse de les créer (1193 Unknown system variable) : la migration ne peut pas les copier.',
      fix: 'Retirez la variable du programme à la ligne indiquée, ou utilisez son remplaçant s\'il est indiqué, recréez le programme sur le serveur actuel, puis relancez la vérification.',
    },
  },
  async run(ctx) {
    const names = pick(REMOVED_VARIABLES, ctx.toVersion);
    return (await ctx.programs()).flatMap((p) => nameUses(p.body, names)
      .map((use) => ({ database: p.database, object: p.name, line: use.line, detail: `${p.kind}: ${use.name}${replacement(use.name)}` })));
  },
};

/** Program bodies that use deprecated system variables or functions. */
export const deprecatedNames: Rule = {
  id: 'deprecated-names',
  severity: 'notice',
  docs: DOCS,
  text: {
    en: {
      title: 'Programs that use deprecated variables or functions',
      explanation: 'These routines, triggers or events use a system variable or function the new version deprecates. They still work (with a warning), but a later version will remove them; alter_algorithm and innodb_purge_rseg_truncate_frequency are already ignored.',
      fix: 'Use the replacement shown at the line shown when you next change the program.',
    },
    fr: {
      title: 'Programmes qui utilisent des variables ou fonctions obsolètes',
      explanation: 'Ces routines, déclencheurs ou événements utilisent une variable système ou une fonction que la nouvelle version déclare obsolète. Ils fonctionnent encore (avec un avertissement), mais une version ultérieure les supprimera ; alter_algorithm et innodb_purge_rseg_truncate_frequency sont déjà ignorées.',
      fix: 'Utilisez le remplaçant indiqué, à la ligne indiquée, la prochaine fois que vous modifiez le programme.',
    },
  },
  async run(ctx) {
    const names = pick(DEPRECATED_VARIABLES, ctx.toVersion);
    const functions = pick(DEPRECATED_FUNCTIONS, ctx.toVersion);
    return (await ctx.programs()).flatMap((p) => nameUses(p.body, names, functions)
      .map((use) => ({ database: p.database, object: p.name, line: use.line, detail: `${p.kind}: ${use.name}${replacement(use.name)}` })));
  },
};
