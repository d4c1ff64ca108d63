/**
 * `npm run bench:import -- --size 1GB`: our test import against the
 * reference, `mariadb-dump --single-transaction --routines --triggers --events
 * | mariadb`, into the same kind of temporary server (MariaDB 11.8 from the
 * image, tuned for throwaway use), in one script, on the same data.
 * `--rounds N` (default 4) runs both N times, alternating which goes first,
 * and reports the medians: this VM is shared and its speed drifts by up to
 * 30 % from one minute to the next, and which side ran first was seen to
 * matter. An even number of rounds gives each order the same weight.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { generateDataset } from './dataset.ts';
import { LocalProvisioner } from '../src/drivers/mariadb/provisioners/local.ts';
import type { Endpoint } from '../src/drivers/driver.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1GB' }, rounds: { type: 'string', default: '4' }, parallelism: { type: 'string' }, database: { type: 'string', default: 'bench_import' }, image: { type: 'string', default: 'mariadb-11.8' } } });

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(text.trim());
  if (!match) throw new Error(`--size ${text}: give a size like 500MB or 1GB`);
  const unit = { KB: 1e3, MB: 1e6, GB: 1e9 }[(match[2] ?? 'MB').toUpperCase() as 'KB' | 'MB' | 'GB'];
  return Number(match[1]) * unit;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}`))));
  });
}

const source: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const bytes = parseSize(values.size);
const database = values.database;
const root = fileURLToPath(new URL('..', import.meta.url));

process.stdout.write(`generating ${values.size} in ${database} on ${source.host}:${source.port}...\n`);
const dataset = await generateDataset(source, { database, bytes });
process.stdout.write(`dataset: ${dataset.rows} rows, ${(dataset.bytes / 1e6).toFixed(0)} MB on disk\n`);

const provisioner = new LocalProvisioner({ image: values.image, workDir: '/srv/migrate-bot/bench' });
const spec = (id: string) => ({ id, version: values.image.replace('mariadb-', ''), dataBytes: dataset.bytes });

interface OursResult { ms: number; bytes: number; rows: number; ok: boolean; maxRssMB: number; verified: number; tables: number; byChecksumTable: number }

/**
 * Lets the machine settle before a timed run: without it, the run after a
 * server's removal was slower (most likely its gigabytes being unlinked and
 * trimmed; bench/RESULTS.md).
 */
async function settle(): Promise<void> {
  await run('sync', []);
  await new Promise((resolve) => setTimeout(resolve, 5000));
}

async function runOurs(round: number): Promise<OursResult> {
  const target = await provisioner.create(spec(`bench-ours-${process.pid}-${round}`));
  try {
    const job = JSON.stringify({ source, target: target.endpoint, database, ...(values.parallelism ? { parallelism: Number(values.parallelism) } : {}) });
    const out = await run('npx', ['tsx', `${root}/bench/import-child.ts`], { ...process.env, BENCH_IMPORT_JOB: job });
    return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as OursResult;
  } finally {
    await provisioner.destroy(target.handle);
  }
}

async function runReference(round: number): Promise<{ ms: number; version: string }> {
  const reference = await provisioner.create(spec(`bench-ref-${process.pid}-${round}`));
  try {
    const target = reference.endpoint;
    const started = performance.now();
    // The password goes through the environment, never the command line.
    await run('bash', ['-o', 'pipefail', '-c',
      `MYSQL_PWD="$SOURCE_PWD" mariadb-dump -h${source.host} -P${source.port} -u${source.user} --single-transaction --routines --triggers --events --databases ${database}`
      + ` | MYSQL_PWD="$TARGET_PWD" mariadb -h${target.host} -P${target.port} -u${target.user}`],
    { ...process.env, SOURCE_PWD: source.password, TARGET_PWD: target.password });
    return { ms: performance.now() - started, version: reference.version };
  } finally {
    await provisioner.destroy(reference.handle);
  }
}

const mb = dataset.bytes / 1e6;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: readonly number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] as number : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2; };
const rounds = Math.max(1, Number(values.rounds));
const results: { ours: OursResult; referenceMs: number }[] = [];
let version = '';
// Rounds alternate which side goes first, so a slow spell of this shared VM weighs on both.
for (let round = 1; round <= rounds; round++) {
  let ours: OursResult;
  let reference: { ms: number; version: string };
  await settle();
  if (round % 2 === 1) { ours = await runOurs(round); await settle(); reference = await runReference(round); }
  else { reference = await runReference(round); await settle(); ours = await runOurs(round); }
  version = reference.version;
  results.push({ ours, referenceMs: reference.ms });
  process.stdout.write(`round ${round}/${rounds}: ours ${seconds(ours.ms)} (${ours.ok ? 'ok' : 'FAILED'}, ${ours.verified}/${ours.tables} tables verified (${ours.byChecksumTable} by CHECKSUM TABLE), peak ${ours.maxRssMB} MB), `
    + `reference ${seconds(reference.ms)}, ratio ${(reference.ms / ours.ms).toFixed(2)}x\n`);
}

const oursMs = median(results.map((r) => r.ours.ms));
const referenceMs = median(results.map((r) => r.referenceMs));
const ratios = results.map((r) => r.referenceMs / r.ours.ms);
const line = (name: string, ms: number) => `${name.padEnd(44)} ${(ms / 1000).toFixed(1).padStart(7)} s  ${(mb / (ms / 1000)).toFixed(1).padStart(7)} MB/s`;
const allOk = results.every((r) => r.ours.ok && r.ours.verified === r.ours.tables);
process.stdout.write([
  '',
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; target ${version}`,
  `data: ${mb.toFixed(0)} MB on disk, ${dataset.rows} rows; ${rounds} round(s), medians:`,
  line('ours (copy + verify counts and checksums)', oursMs),
  line('mariadb-dump | mariadb (no verification)', referenceMs),
  `ratio: ours is ${median(ratios).toFixed(2)}x the speed of the reference (median of ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal: at least 2x)`,
  `ours: ${allOk ? 'ok, every table verified in every round' : 'FAILED in some round'}, peak memory of the copying process ${Math.max(...results.map((r) => r.ours.maxRssMB))} MB (goal: under 300 MB)`,
  '',
].join('\n'));
if (!allOk) process.exitCode = 1;
