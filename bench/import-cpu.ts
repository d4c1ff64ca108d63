/**
 * `npm run bench:import-cpu`: where the CPU of one test import goes. Runs
 * our import of the bench dataset (made by `npm run bench:import`) into a
 * fresh temporary 11.8 server and prints the CPU seconds of the source
 * server, the target server and the copying process, read from
 * /proc/PID/stat (Linux), with `--timeline` one line per second. On this
 * shared VM, wall times drift; CPU seconds drift less, and their split is
 * what tells which side to work on.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LocalProvisioner } from '../src/drivers/mariadb/provisioners/local.ts';
import type { Endpoint } from '../src/drivers/driver.ts';
import { cpuSeconds, mariadbdPid } from './proc-cpu.ts';

const { values } = parseArgs({ options: {
  database: { type: 'string', default: 'bench_import' }, parallelism: { type: 'string' }, timeline: { type: 'boolean', default: false },
} });
const source: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const root = fileURLToPath(new URL('..', import.meta.url));

const provisioner = new LocalProvisioner({ image: 'mariadb-11.8', workDir: '/srv/migrate-bot/bench' });
const target = await provisioner.create({ id: `bench-cpu-${process.pid}`, version: '11.8', dataBytes: 1e9 });
try {
  const sourcePid = mariadbdPid((c) => !c.includes('--port='));
  const targetPid = mariadbdPid((c) => c.includes(`--port=${target.endpoint.port}`));
  const job = JSON.stringify({
    source, target: target.endpoint, database: values.database, ...(values.parallelism ? { parallelism: Number(values.parallelism) } : {}),
  });
  const child = spawn(process.execPath, ['--import', 'tsx', `${root}/bench/import-child.ts`], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_IMPORT_JOB: job },
  });
  const childPid = child.pid as number;
  const sample = () => [cpuSeconds(sourcePid), cpuSeconds(targetPid), cpuSeconds(childPid)] as const;
  const first = sample();
  let last = first;
  let peak = first;
  const timeline: string[] = [];
  const timer = setInterval(() => {
    const now = sample();
    if (now[2] > 0) peak = now; // the child's counters vanish with it: keep its last reading
    timeline.push(now.map((v, i) => `${Math.round((v - (last[i] as number)) * 100)}`.padStart(5)).join(''));
    last = now;
  }, 1000);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const end = sample();
  if (code !== 0) throw new Error(`import-child exited ${code}`);
  const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { ms: number; ok: boolean; verified: number; tables: number };
  if (values.timeline) process.stdout.write(`  src  tgt copier   (% of one core, per second)\n${timeline.join('\n')}\n`);
  const used = (i: 0 | 1 | 2) => ((i === 2 ? peak : end)[i] - first[i]).toFixed(1);
  process.stdout.write(`import ${(result.ms / 1000).toFixed(1)} s (${result.ok ? 'ok' : 'FAILED'}, ${result.verified}/${result.tables} tables verified); `
    + `CPU seconds: source ${used(0)}, target ${used(1)}, copying process ${used(2)} (up to its last sample)\n`);
} finally {
  await provisioner.destroy(target.handle);
}
