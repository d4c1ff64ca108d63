/**
 * Statements from a query log file, in either format MariaDB and MySQL
 * write: the general log (one record per line, `Id Command Argument`, a
 * statement continuing on the lines after it) or the slow log (`# ...`
 * header lines, then `use db;`, `SET timestamp=...;` and the statement).
 * The database of each statement is tracked per connection (Connect ... on
 * db, Init DB, USE) in the general log, from `Schema:` or `use` lines in
 * the slow log. Statements of the same fingerprint are grouped, most
 * frequent first; the caller filters them.
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { vetStatement } from '../statement.ts';
import type { Candidate, SourceResult } from './candidate.ts';

/** A log is read up to this size: enough for its frequent statements, bounded for a large general log. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Distinct statements (by database and fingerprint) kept; later new ones are dropped, known ones still counted. */
const MAX_DISTINCT = 20_000;
/** A cheap first look, so the writes of a busy log are not tokenized: leading comments and parentheses, then SELECT or WITH. */
const SELECT_LIKE = /^(?:\s|\/\*[\s\S]*?\*\/|--[^\n]*\n|#[^\n]*\n|\()*(?:SELECT|WITH)\b/i;

const GENERAL_RECORD = /^(?:\d{6}\s+\d{1,2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T\S+)?\s+(\d+)\s+([A-Z][a-z]+(?: [A-Za-z]+)?)\t(.*)$/;
const GENERAL_PREAMBLE = /^(\S+, Version: |Tcp port: |Time\s+Id\s+Command\s+Argument)/;
const SLOW_HEADER = /^# (Time|User@Host|Thread_id|Query_time|Rows_affected|Full_scan|Filesort|explain|Log_slow):?/;
const USE = /^\s*use\s+`?([^`;\s]+)`?\s*;?\s*$/i;

const unquote = (name: string): string => name.replace(/^`(.*)`$/, '$1').replaceAll('``', '`');

/** Whether the file's first lines look like a slow log. */
function isSlowLog(firstLines: readonly string[]): boolean {
  return firstLines.some((line) => /^# (Time|User@Host|Query_time):/.test(line));
}

class GeneralLog {
  private readonly databases = new Map<string, string | null>();
  private current: { thread: string; command: string; text: string } | null = null;

  constructor(private readonly emit: (candidate: Candidate) => void) {}

  line(line: string): void {
    const record = GENERAL_RECORD.exec(line);
    if (!record) {
      if (this.current && !GENERAL_PREAMBLE.test(line)) this.current.text += `\n${line}`;
      return;
    }
    this.flush();
    const [, thread = '', command = '', argument = ''] = record;
    if (command === 'Connect') this.databases.set(thread, / on (\S+)/.exec(argument)?.[1] ?? null);
    else if (command === 'Init DB') this.databases.set(thread, unquote(argument.trim()));
    else if (command === 'Query' || command === 'Execute') this.current = { thread, command, text: argument };
  }

  flush(): void {
    const current = this.current;
    this.current = null;
    if (!current) return;
    const use = USE.exec(current.text);
    if (use) this.databases.set(current.thread, unquote(use[1] ?? ''));
    else this.emit({ database: this.databases.get(current.thread) ?? null, sql: current.text, origin: 'query-log' });
  }
}

class SlowLog {
  private database: string | null = null;
  private lines: string[] = [];

  constructor(private readonly emit: (candidate: Candidate) => void) {}

  line(line: string): void {
    if (SLOW_HEADER.test(line) || GENERAL_PREAMBLE.test(line)) {
      this.flush();
      const schema = /\bSchema: (\S*)/.exec(line);
      if (schema) this.database = schema[1] ? schema[1] : null;
      return;
    }
    if (this.lines.length === 0) {
      const use = USE.exec(line);
      if (use) { this.database = unquote(use[1] ?? ''); return; }
      if (/^SET timestamp=\d+;$/i.test(line.trim())) return;
    }
    this.lines.push(line);
  }

  flush(): void {
    const sql = this.lines.join('\n').trim();
    this.lines = [];
    if (sql !== '') this.emit({ database: this.database, sql, origin: 'query-log' });
  }
}

/** The statements of a query log file, in the order they were logged. */
export async function queryLogCandidates(path: string | undefined): Promise<SourceResult> {
  if (path === undefined) return { reason: 'no-query-log' };
  try {
    await access(path, constants.R_OK);
  } catch {
    return { reason: 'query-log-unreadable' };
  }
  const groups = new Map<string, { candidate: Candidate; count: number }>();
  let others = 0;
  // Grouped by fingerprint as they are read: a log repeats the same queries with other values.
  const emit = (candidate: Candidate): void => {
    if (!SELECT_LIKE.test(candidate.sql)) { others++; return; }
    const key = `${candidate.database ?? ''}\u0000${vetStatement(candidate.sql).fingerprint}`;
    const group = groups.get(key);
    if (group) group.count++;
    else if (groups.size < MAX_DISTINCT) groups.set(key, { candidate, count: 1 });
  };
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', end: MAX_BYTES - 1 }), crlfDelay: Infinity });
  const head: string[] = [];
  let parser: GeneralLog | SlowLog | null = null;
  for await (const line of lines) {
    if (parser === null) {
      head.push(line);
      // The format shows within the first lines: preamble and first records.
      if (head.length < 20) continue;
      parser = isSlowLog(head) ? new SlowLog(emit) : new GeneralLog(emit);
      for (const early of head) parser.line(early);
      continue;
    }
    parser.line(line);
  }
  if (parser === null) {
    parser = isSlowLog(head) ? new SlowLog(emit) : new GeneralLog(emit);
    for (const early of head) parser.line(early);
  }
  parser.flush();
  if (groups.size === 0 && others === 0) return { reason: 'query-log-empty' };
  const candidates = [...groups.values()].sort((a, b) => b.count - a.count).map((g): Candidate => ({ ...g.candidate, count: g.count }));
  if (others > 0) candidates.push({ database: null, sql: '', origin: 'query-log', refused: 'not-select', count: others });
  return { candidates };
}
