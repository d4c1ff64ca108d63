/**
 * `npx tsx bench/sync-pass.ts [--rounds 3]` (under `flock /tmp/bench.lock`):
 * the frozen pass of a run that has no kept target checksums (a run resumed
 * after a crash, or a database whose target copy has events), on the
 * bench:downtime account: every table read on both servers. Source: the
 * host's MariaDB 10.11 `bench_live`; target: bench:downtime's MariaDB 11.8
 * (port 3341), brought in line by an untimed pass first. Before each timed
 * pass the source gets what bench:downtime's writers do: rows appended at ids
 * near 10^12 and updates of old rows. Prints each pass's time and reloads.
 */
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import type { Endpoint } from '../src/drivers/driver.ts';
import { ensurePermanentServer } from '../src/drivers/mariadb/provisioners/local.ts';
import { syncAccount, type SyncReport } from '../src/drivers/mariadb/sync/sync.ts';
import { generateDataset } from './dataset.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, database: { type: 'string', default: 'bench_live' } } });
const database = values.database;
const source: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const say = (line: string) => process.stdout.write(`${line}\n`);

const dataset = await generateDataset(source, { database, bytes: 1e9 });
const target = (await ensurePermanentServer({
  image: 'mariadb-11.8', port: 3341, dataDir: '/srv/migrate-bot/bench-downtime-target', adminPassword: 'bench-target', bufferPoolBytes: 2 * 1024 ** 3,
})).endpoint;
const pass = (): Promise<SyncReport> => syncAccount({ source, target, databases: [database], mode: 'frozen' });
const line = (r: SyncReport) => `${(r.durationMs / 1000).toFixed(2)} s, ${r.rangesReloaded} ranges, ${r.rowsCopied} rows reloaded, ok ${r.ok}`;

const admin = await mysql.createConnection({ ...source, database }); // the seq_1_to_N tables need a current database
// Rows of earlier runs' writers (bench:downtime deletes them too): every round appends the same ids again.
for (const table of ['orders', 'event_log', 'page_views']) await admin.query(`DELETE FROM \`${database}\`.${table} WHERE id >= 1000000000000`);
say(`dataset: ${(dataset.bytes / 1e6).toFixed(0)} MB; bringing the target in line: ${line(await pass())}`);
const timed: number[] = [];
for (let round = 1; round <= Number(values.rounds); round++) {
  const base = 1e12 + round * 1e6;
  await admin.query(`INSERT INTO \`${database}\`.orders SELECT ${base} + seq, 1, 'paid', 9.99, 'EUR', 'w@example.com', 'bench', NOW(), NULL, 'r' FROM seq_1_to_3000`);
  await admin.query(`INSERT INTO \`${database}\`.event_log SELECT ${base} + seq, 'info', 'bench', NOW(6), 'r' FROM seq_1_to_3000`);
  await admin.query(`INSERT INTO \`${database}\`.page_views SELECT ${base} + seq, 1, MD5(seq), '/r', NULL, NOW() FROM seq_1_to_3000`);
  await admin.query(`UPDATE \`${database}\`.orders SET notes = 'round ${round}' WHERE id BETWEEN 1 AND 1000 AND id % 4 = ${round % 4}`);
  const report = await pass();
  if (!report.ok) throw new Error(`pass ${round} failed: ${JSON.stringify(report.failures)}`);
  timed.push(report.durationMs);
  say(`pass ${round}: ${line(report)} = ${(report.durationMs / 1000 / (dataset.bytes / 1e9)).toFixed(2)} s per GB`);
}
const sorted = [...timed].sort((a, b) => a - b);
say(`median ${((sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) / 1000).toFixed(2)} s (min ${((sorted[0] ?? 0) / 1000).toFixed(2)}, max ${((sorted[sorted.length - 1] ?? 0) / 1000).toFixed(2)})`);
await admin.end();
