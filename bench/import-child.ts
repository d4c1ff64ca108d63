/**
 * One test import of a database, in a process of its own so its peak memory
 * (the worker's, while copying) can be read. Input: JSON in $BENCH_IMPORT_JOB
 * (not argv: it holds the target's password, and argv shows in `ps`):
 * {source, target, database, parallelism?}. Output: one JSON line {ms, bytes, ok, maxRssMB}.
 */
import { copyAccount } from '../src/drivers/mariadb/copier/copy-account.ts';

const { source, target, database, parallelism } = JSON.parse(process.env['BENCH_IMPORT_JOB'] ?? '{}') as { source: never; target: never; database: string; parallelism?: number };
const started = performance.now();
const report = await copyAccount({ source, target, databases: [database], users: [], replaceExisting: true, ...(parallelism ? { parallelism } : {}) });
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({
  ms, bytes: report.totals.bytes, rows: report.totals.rows, ok: report.ok, failures: report.failures.length,
  verified: report.verification.filter((v) => v.ok).length, tables: report.verification.length,
  byChecksumTable: report.verification.filter((v) => v.ok && v.algorithm === 'checksum-table').length,
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
})}\n`);
