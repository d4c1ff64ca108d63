/**
 * `npm run bench:downtime -- --size 1GB`: a real run (precopy, online delta,
 * freeze, frozen delta + verification, cutover, unfreeze) of a bench account
 * on the local MariaDB 10.11 to a MariaDB 11.8 started from the image, while
 * writers keep inserting and updating rows in three tables as the account's
 * own user. The cutover webhook (an HTTP server in this process) points the
 * writers at the new server, as an application's config reload would.
 * Prints the downtime (freeze to unfreeze, from the run's report), the
 * longest pause the writers saw, seconds per GB, and checks that every write
 * the writers saw committed is on the new server. Exit 1 when one is missing.
 */
import { createServer } from 'node:http';
import { mkdir, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { loadConfig } from '../src/config/load-config.ts';
import { handleCommand, handlePress } from '../src/commands/dispatch.ts';
import type { RequestContext } from '../src/domain/identity.ts';
import type { Endpoint } from '../src/drivers/endpoint.ts';
import { executors } from '../src/operations/executors.ts';
import { runOperation } from '../src/operations/runner.ts';
import { noteText, type OperationReport } from '../src/messages/report-view.ts';
import { translator } from '../src/messages/i18n.ts';
import { ensurePermanentServer } from '../src/drivers/mariadb/provisioners/local.ts';
import { DEFAULT_IMAGES_DIR } from '../src/drivers/mariadb/provisioners/local-image.ts';
import { openRuntime, makeLogger } from '../jobs/bootstrap.ts';
import { generateDataset } from './dataset.ts';

const { values } = parseArgs({ options: {
  size: { type: 'string', default: '1GB' }, database: { type: 'string', default: 'bench_live' },
  port: { type: 'string', default: '3341' }, writers: { type: 'string', default: '3' },
} });

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(text.trim());
  if (!match) throw new Error(`--size ${text}: give a size like 500MB or 1GB`);
  return Number(match[1]) * { KB: 1e3, MB: 1e6, GB: 1e9 }[(match[2] ?? 'MB').toUpperCase() as 'KB' | 'MB' | 'GB'];
}

const database = values.database;
const appUser = 'bench_live_app';
const appPassword = 'bench-live-password';
const source: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const say = (line: string) => process.stdout.write(`${line}\n`);

// 1. The dataset (kept between runs) and the account's user.
say(`generating ${values.size} in ${database} on 127.0.0.1:3306 (kept for the next run)...`);
const dataset = await generateDataset(source, { database, bytes: parseSize(values.size) });
const admin = await mysql.createConnection({ ...source });
await admin.query(`CREATE USER IF NOT EXISTS '${appUser}'@'%' IDENTIFIED BY '${appPassword}'`);
await admin.query(`ALTER USER '${appUser}'@'%' ACCOUNT UNLOCK`);
await admin.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${appUser}'@'%'`);
// Rows the writers of an earlier run added: their ids would collide.
for (const table of ['orders', 'event_log', 'page_views']) await admin.query(`DELETE FROM \`${database}\`.${table} WHERE id >= 1000000000000`);
await admin.end();

// 2. The MariaDB 11.8 target, tuned like a real server (durable, buffer pool larger than the data).
const port = Number(values.port);
const dataDir = '/srv/migrate-bot/bench-downtime-target';
await mkdir(join(DEFAULT_IMAGES_DIR, 'mariadb-11.8', '/srv/migrate-bot'), { recursive: true });
await chmod(join(DEFAULT_IMAGES_DIR, 'mariadb-11.8', '/srv/migrate-bot'), 0o755);
const target = (await ensurePermanentServer({ image: 'mariadb-11.8', port, dataDir, adminPassword: 'bench-target', bufferPoolBytes: 2 * 1024 ** 3 })).endpoint;
const t = await mysql.createConnection({ ...target });
await t.query(`DROP DATABASE IF EXISTS \`${database}\``);
await t.query(`DROP USER IF EXISTS '${appUser}'@'%'`);
await t.end();

// 3. A config of its own: state database and Redis prefix made for this run, the webhook below.
const suffix = Date.now().toString(36);
const stateDb = `migrate_bot_bench_${suffix}`;
let current: Endpoint = { host: '127.0.0.1', port: 3306, user: appUser, password: appPassword };
const hook = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => { body += c.toString(); });
  req.on('end', () => {
    const payload = JSON.parse(body) as { to: { host: string; port: number } };
    current = { host: payload.to.host, port: payload.to.port, user: appUser, password: appPassword };
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
const hookPort = (hook.address() as { port: number }).port;
const dir = await mkdtemp(join(tmpdir(), 'bench-downtime-'));
const configPath = join(dir, 'config.yml');
await writeFile(configPath, JSON.stringify({
  state: { url: `mysql://root@127.0.0.1:3306/${stateDb}` }, redis: { url: 'redis://127.0.0.1:6379', prefix: `bench-downtime-${suffix}` },
  servers: [
    { id: 'local-10.11', host: '127.0.0.1', port: 3306, user: 'root', password: '' },
    { id: 'bench-11.8', host: '127.0.0.1', port, user: 'migrate_bot', password: 'bench-target', managed: { image: 'mariadb-11.8', dataDir } },
  ],
  migrations: [{
    id: 'm118', title: { en: 'to 11.8', fr: 'vers 11.8' }, from: ['10.11'], to: '11.8', docs: { en: 'https://mariadb.com/kb/en/upgrading/' },
    testable: false, target: 'bench-11.8', cutoverHook: { webhook: `http://127.0.0.1:${hookPort}/cutover`, timeoutSeconds: 5, retries: 2 },
  }],
  accounts: [{ id: 'bench', server: 'local-10.11', databases: [database], users: [`${appUser}@%`], members: [{ shell: 'alice', role: 'owner' }] }],
}));
const config = await loadConfig(configPath);
const runtime = await openRuntime(config, { logger: makeLogger('warn') });
const core = runtime.core;

// 4. Writers: each inserts rows with ids of its own and updates existing rows; what they saw committed is recorded.
interface Writer { inserted: Map<string, string>; updated: Map<string, { acked: string; attempted: Set<string> }>; lastAck: number; maxGap: number; errors: number }
let stop = false;
const writers: Writer[] = [];
const tables = ['orders', 'event_log', 'page_views'] as const;
async function write(w: Writer, index: number): Promise<void> {
  let conn: mysql.Connection | undefined;
  let at = '';
  for (let seq = 1; !stop; seq++) {
    const table = tables[seq % 3]!;
    const id = 1e12 + index * 1e9 + seq;
    const marker = `w${index}-${seq}`;
    try {
      if (!conn || at !== `${current.host}:${current.port}`) {
        conn?.destroy();
        at = `${current.host}:${current.port}`;
        conn = await mysql.createConnection({ ...current, connectTimeout: 2000 });
      }
      if (seq % 4 === 0) {
        const key = `orders:${1 + (seq * 7919 + index) % 1000}`;
        const entry = w.updated.get(key) ?? { acked: '', attempted: new Set<string>() };
        entry.attempted.add(marker);
        w.updated.set(key, entry);
        await conn.query(`UPDATE \`${database}\`.orders SET notes = ? WHERE id = ?`, [marker, Number(key.split(':')[1])]);
        entry.acked = marker;
      } else if (table === 'orders') {
        await conn.query(`INSERT INTO \`${database}\`.orders VALUES (?, 1, 'paid', 9.99, 'EUR', 'w@example.com', 'bench', NOW(), NULL, ?)`, [id, marker]);
        w.inserted.set(`orders:${id}`, marker);
      } else if (table === 'event_log') {
        await conn.query(`INSERT INTO \`${database}\`.event_log VALUES (?, 'info', 'bench', NOW(6), ?)`, [id, marker]);
        w.inserted.set(`event_log:${id}`, marker);
      } else {
        await conn.query(`INSERT INTO \`${database}\`.page_views VALUES (?, 1, MD5(?), ?, NULL, NOW())`, [id, marker, `/bench/${marker}`]);
        w.inserted.set(`page_views:${id}`, marker);
      }
      const now = Date.now();
      if (w.lastAck) w.maxGap = Math.max(w.maxGap, now - w.lastAck);
      w.lastAck = now;
    } catch {
      w.errors++;
      conn?.destroy();
      conn = undefined;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  conn?.destroy();
}
const count = Number(values.writers);
const running = Array.from({ length: count }, (_, i) => {
  const w: Writer = { inserted: new Map(), updated: new Map(), lastAck: 0, maxGap: 0, errors: 0 };
  writers.push(w);
  return write(w, i);
});

// 5. The run, through the same Confirm as in chat.
const alice: RequestContext = { user: { platform: 'shell', id: 'alice', name: 'alice' }, channelId: 'bench', locale: 'en' };
const posts: { text: string; actionIds: string[] }[] = [];
core.chat.register({
  platform: 'shell',
  post(_d, m) {
    posts.push({ text: m.text, actionIds: m.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.filter((x) => x.style === 'danger').map((x) => x.actionId) : [])) });
    return Promise.resolve({ platform: 'shell' as const, channelId: 'bench', messageId: String(posts.length) });
  },
  async update() {},
  async direct() {},
});
await new Promise((resolve) => setTimeout(resolve, 1000));
await handleCommand(core, alice, '/migrate run m118 bench');
const confirm = posts.flatMap((p) => p.actionIds)[0];
if (!confirm) throw new Error(`no confirmation: ${posts.map((p) => p.text).join(' / ')}`);
const id = (await handlePress(core, alice, confirm)).operations[0]!;
say(`running ${id} while ${count} writers write...`);
const started = Date.now();
await runOperation(core, id, 'bench', executors);
const total = Date.now() - started;
await new Promise((resolve) => setTimeout(resolve, 1000));
stop = true;
await Promise.all(running);

// 6. Results and the check of every committed write on the new server.
const op = (await core.store.operations.get(id))!;
const report = op.report as OperationReport | null;
if (op.status !== 'succeeded' || !report?.downtimeMs) throw new Error(`run ${op.status}: ${JSON.stringify(op.error)}`);
const check = await mysql.createConnection({ ...target });
let missing = 0;
let checked = 0;
for (const w of writers) {
  for (const [key, marker] of w.inserted) {
    const [table, rowId] = key.split(':') as [string, string];
    const column = table === 'orders' ? 'notes' : table === 'event_log' ? 'message' : 'url';
    const [rows] = await check.query<mysql.RowDataPacket[]>(`SELECT ${column} v FROM \`${database}\`.${table} WHERE id = ?`, [rowId]);
    const value = String(rows[0]?.['v'] ?? '');
    checked++;
    if (!value.endsWith(marker)) missing++;
  }
  for (const [key, entry] of w.updated) {
    if (!entry.acked) continue;
    const [rows] = await check.query<mysql.RowDataPacket[]>(`SELECT notes v FROM \`${database}\`.orders WHERE id = ?`, [key.split(':')[1]]);
    const value = String(rows[0]?.['v'] ?? '');
    const order = [...entry.attempted];
    checked++;
    // The last acknowledged update, or a later one whose answer was lost in the freeze.
    if (order.indexOf(value) < order.indexOf(entry.acked)) missing++;
  }
}
await check.end();
const gb = dataset.bytes / 1e9;
const downtime = report.downtimeMs / 1000;
const writes = writers.reduce((n, w) => n + w.inserted.size, 0);
say(`dataset: ${(dataset.bytes / 1e6).toFixed(0)} MB; target MariaDB ${report.server?.version ?? '?'}`);
say(`run: ${(total / 1000).toFixed(1)} s in all; ${(report.notes ?? []).map((note) => noteText(translator('en'), note)).join(' ')}`);
say(`downtime (freeze to unfreeze): ${downtime.toFixed(2)} s = ${(downtime / gb).toFixed(2)} s per GB (goal <= 10 s/GB; dump and import: about 60 s/GB)`);
say(`longest pause the writers saw between two committed writes: ${(Math.max(...writers.map((w) => w.maxGap)) / 1000).toFixed(2)} s`);
// Where the time went: the online passes, then each step from the freeze to the unfreeze (from the step journal).
const journal = await core.store.operations.steps(id);
const online = (journal.find((s) => s.step === 'online-copy' && s.state === 'done')?.detail ?? []) as { durationMs: number; rangesReloaded: number; rowsCopied: number }[];
say(`online passes: ${online.map((p, i) => `#${i + 1} ${(p.durationMs / 1000).toFixed(1)} s (${p.rangesReloaded} ranges, ${p.rowsCopied} rows)`).join('; ')}`);
const frozenFrom = journal.findIndex((s) => s.step === 'freeze' && s.state === 'started');
const frozenSteps = journal.slice(frozenFrom).filter((s) => s.state === 'done');
let previous = journal[frozenFrom]?.at.getTime() ?? 0;
say(`frozen steps: ${frozenSteps.map((s) => { const ms = s.at.getTime() - previous; previous = s.at.getTime(); return `${s.step} ${(ms / 1000).toFixed(2)} s`; }).join(', ')}`);
const finalCopy = journal.find((s) => s.step === 'final-copy' && s.state === 'done')?.detail as { verification?: { method?: string }[] } | undefined;
const methods = new Map<string, number>();
for (const v of finalCopy?.verification ?? []) methods.set(v.method ?? 'both-sides', (methods.get(v.method ?? 'both-sides') ?? 0) + 1);
say(`verification while frozen: ${[...methods].map(([m, n]) => `${n} table(s) ${m}`).join(', ')}`);
say(`writes committed: ${writes} inserts, ${writers.reduce((n, w) => n + [...w.updated.values()].filter((e) => e.acked).length, 0)} updated rows; on the new server: ${checked - missing} of ${checked} ${missing === 0 ? 'OK' : 'MISSING'}`);

await runtime.close();
hook.close();
const cleanup = await mysql.createConnection({ ...source });
await cleanup.query(`DROP DATABASE IF EXISTS \`${stateDb}\``);
await cleanup.query(`ALTER USER '${appUser}'@'%' ACCOUNT UNLOCK`);
await cleanup.end();
await rm(dir, { recursive: true, force: true });
process.exit(missing === 0 ? 0 : 1);
