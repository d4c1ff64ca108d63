/**
 * One side of a replay: a session that runs a query inside its own
 * `START TRANSACTION READ ONLY` and measures it. The statement filter only
 * lets plain SELECTs through, but a SELECT may call a stored function that
 * writes, or NEXTVAL: in a read-only transaction those fail with error 1792
 * (ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION) instead of writing, on InnoDB
 * and MyISAM tables alike (seen on 10.11.19). The session is READ ONLY too,
 * so a statement outside a transaction could not write either.
 */
import { createHash } from 'node:crypto';
import type { Endpoint } from '../../driver.ts';
import { cellText, openSession, type Session } from '../copier/connections.ts';
import { explainPlan, type PlanRow } from './plans.ts';

/** What one run of a query gave: row count, checksums in order and as a multiset, time to the last row, its warnings. */
export interface Execution {
  readonly rows: number;
  readonly inOrder: string;
  readonly asSet: string;
  readonly ms: number;
  /** 'Level code: message' of each warning, read right after the statement. */
  readonly warnings: readonly string[];
}

/** A run that failed: the server's code and message. */
export interface ExecutionError {
  readonly errno: number | null;
  readonly message: string;
}

/** Error 1792: a write stopped by the read-only transaction. */
export const READ_ONLY_ERRNO = 1792;

const hashOf = (parts: readonly (Buffer | string)[]): Buffer => {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export class ReplaySession {
  private constructor(private readonly session: Session) {}

  static async open(endpoint: Endpoint, side: 'source' | 'target', signal?: AbortSignal): Promise<ReplaySession> {
    return new ReplaySession(await openSession(endpoint, side, ['SET SESSION TRANSACTION READ ONLY'], signal));
  }

  /** Rows of the bot's own reads (catalogue, performance_schema), in the same read-only session. */
  rows(sql: string, values?: unknown[]): ReturnType<Session['rows']> {
    return this.session.rows(sql, values);
  }

  /** Runs `sql` in `database` inside a read-only transaction, stopped by the server after `timeoutMs`. */
  async run(database: string | null, sql: string, timeoutMs: number): Promise<Execution> {
    await this.prepare(database, timeoutMs);
    await this.session.exec('START TRANSACTION READ ONLY');
    try {
      const rows = await this.stream(sql);
      // Before anything else runs: the next statement may clear them.
      const warnings = (await this.session.rows('SHOW WARNINGS'))
        .map((r) => `${cellText(r['Level']) ?? ''} ${cellText(r['Code']) ?? ''}: ${(cellText(r['Message']) ?? '').slice(0, 200)}`);
      return { ...rows, warnings };
    } finally {
      await this.session.exec('ROLLBACK').catch(() => undefined);
    }
  }

  /** The classic EXPLAIN of `sql`, in the same read-only setting as its runs. */
  async explain(database: string | null, sql: string, timeoutMs: number): Promise<PlanRow[]> {
    await this.prepare(database, timeoutMs);
    await this.session.exec('START TRANSACTION READ ONLY');
    try {
      return explainPlan(await this.session.rows(`EXPLAIN ${sql}`));
    } finally {
      await this.session.exec('ROLLBACK').catch(() => undefined);
    }
  }

  close(): Promise<void> {
    return this.session.close();
  }

  private async prepare(database: string | null, timeoutMs: number): Promise<void> {
    if (database !== null) await this.session.exec(`USE \`${database.replaceAll('`', '``')}\``);
    // Seconds, fractions allowed; 0 would mean no limit.
    await this.session.exec(`SET SESSION max_statement_time = ${Math.max(0.001, timeoutMs / 1000).toFixed(3)}`);
  }

  /**
   * Streams the rows, hashing each one's values as the server sent them
   * (bytes of the text protocol, so 1.50 and 1.5 differ as an application
   * would see them). The multiset checksum is the sum of the row hashes
   * (modulo 2^128, in two 64-bit halves): independent of order, counting
   * duplicates, in constant memory whatever the number of rows.
   */
  private stream(sql: string): Promise<Omit<Execution, 'warnings'>> {
    const started = performance.now();
    const running = createHash('sha1');
    const sum = [0n, 0n];
    let rows = 0;
    return new Promise((resolve, reject) => {
      const query = this.session.raw.query({
        sql, rowsAsArray: true,
        // Bytes as sent (null for NULL), not JavaScript values: two texts that parse alike must still differ.
        typeCast: (field) => field.buffer(),
      });
      query.on('result', (row) => {
        const cells = row as unknown as (Buffer | null)[];
        const hash = hashOf(cells.flatMap((cell) => (cell === null ? ['\u0000N'] : [String(cell.length), ':', cell])));
        running.update(hash);
        sum[0] = BigInt.asUintN(64, (sum[0] ?? 0n) + hash.readBigUInt64BE(0));
        sum[1] = BigInt.asUintN(64, (sum[1] ?? 0n) + hash.readBigUInt64BE(8));
        rows++;
      });
      query.on('error', (error) => reject(error));
      query.on('end', () => {
        const ms = performance.now() - started;
        const asSet = sum.map((half) => half.toString(16).padStart(16, '0')).join('');
        resolve({ rows, inOrder: running.digest('hex'), asSet, ms });
      });
    });
  }
}

/** A failed run as data: the server's errno when it has one. */
export function executionError(error: unknown): ExecutionError {
  const errno = (error as { errno?: unknown }).errno;
  return { errno: typeof errno === 'number' ? errno : null, message: (error instanceof Error ? error.message : String(error)).slice(0, 300) };
}
