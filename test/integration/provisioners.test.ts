import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandProvisioner } from '../../src/drivers/mariadb/provisioners/command.ts';
import { LocalProvisioner, ensurePermanentServer } from '../../src/drivers/mariadb/provisioners/local.ts';
import { isPidAlive } from '../../src/drivers/mariadb/provisioners/mariadb-process.ts';
import type { ProvisionedServer } from '../../src/drivers/provisioner.ts';
import { freePort } from '../../src/drivers/mariadb/provisioners/server-probe.ts';
import { StaticProvisioner } from '../../src/drivers/mariadb/provisioners/static.ts';
import { COPY_MARK } from '../../src/drivers/mariadb/copy-mark.ts';
import { driverErrors } from '../../src/messages/locales/driver-errors.ts';
import { findLeftovers, removeLeftovers } from './helpers/provision-cleanup.ts';
import { exists, query, rejection } from './helpers/provision-assert.ts';

const IMAGES_DIR = process.env['MIGRATE_BOT_IMAGES'] ?? '/var/cache/migrate-bot/images';
const IMAGE_ROOT = join(IMAGES_DIR, 'mariadb-11.8');
const RUN = `pv-${process.pid}-${Date.now().toString(36)}`;
// A chrooted server sees only the image tree: its work directory lives there.
const IMAGE_INNER = `/srv/migrate-bot/${RUN}`;
const IMAGE_WORK = join(IMAGE_ROOT, IMAGE_INNER);
let hostWork = '';
const workDirs = (): string[] => [hostWork, IMAGE_WORK, IMAGE_INNER];

const timings: Record<string, number> = {};

beforeAll(async () => {
  // Never skip: a missing image is a failed precondition, with the fix in the message.
  const marker = await readFile(join(IMAGE_ROOT, '.migrate-bot-image'), 'utf8').catch(() => '');
  if (!marker.startsWith('11.8.')) throw new Error(`no mariadb-11.8 image in ${IMAGE_ROOT}: run sudo scripts/install-mariadb.sh 11.8`);
  hostWork = await mkdtemp(join(tmpdir(), 'migrate-bot-provision-'));
  await chmod(hostWork, 0o755); // the servers run as mysql and must traverse it
});

afterAll(async () => {
  await removeLeftovers(workDirs(), [hostWork, IMAGE_WORK].filter(Boolean));
  console.log('create timings (ms):', timings);
});

describe('local provisioner', () => {
  it('starts MariaDB 11.8 from the image, tuned, and destroys it completely', async () => {
    const notes: string[] = [];
    const provisioner = new LocalProvisioner({ image: 'mariadb-11.8', imagesDir: IMAGES_DIR, workDir: IMAGE_WORK });
    const started = Date.now();
    const server = await provisioner.create({ id: 'img-1', version: '11.8', dataBytes: 1_000_000_000 }, (n) => notes.push(n));
    timings['local image 11.8'] = Date.now() - started;
    expect(server.version).toMatch(/^11\.8\./);
    const [row] = await query(server.endpoint, `SELECT VERSION() AS v, @@innodb_doublewrite AS dw, @@innodb_flush_log_at_trx_commit AS flush,
      @@log_bin AS bin, @@local_infile AS li, @@max_allowed_packet AS packet, @@skip_name_resolve AS snr, @@innodb_buffer_pool_size AS pool`);
    expect(String(row?.['v'])).toMatch(/^11\.8\./);
    expect(row).toMatchObject({ flush: 0, bin: 0, li: 1, packet: 1024 ** 3, snr: 1 });
    expect(['0', 'OFF', 0]).toContain(row?.['dw']);
    expect(Number(row?.['pool'])).toBeGreaterThanOrEqual(1_000_000_000);
    expect(notes.join('\n')).toContain('img-1');
    // install-db's passwordless root must not be reachable over TCP.
    await expect(query({ ...server.endpoint, user: 'root', password: '' }, 'SELECT 1')).rejects.toThrow(/denied/);
    expect(JSON.stringify(server.handle)).not.toContain(server.endpoint.password);

    const pid = Number(server.handle['pid']);
    const dir = String(server.handle['dir']);
    expect(await provisioner.isAlive(server.handle)).toBe(true);
    await provisioner.destroy(server.handle);
    expect(await isPidAlive(pid)).toBe(false);
    expect(await exists(dir)).toBe(false);
    expect(await provisioner.isAlive(server.handle)).toBe(false);
    await provisioner.destroy(server.handle); // idempotent
  });

  it('starts the host binary (10.11); a new instance adopts, checks and destroys the handle', async () => {
    const first = new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: hostWork });
    const started = Date.now();
    const server = await first.create({ id: 'bin-1', version: '10.11', dataBytes: 0 });
    timings['local binary 10.11'] = Date.now() - started;
    expect(server.version).toMatch(/^10\.11\./);
    // As after a bot restart: only the stored JSON handle is left.
    const stored = JSON.parse(JSON.stringify(server.handle)) as Record<string, unknown>;
    const second = new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: hostWork });
    expect(await second.isAlive(stored)).toBe(true);
    await second.destroy(stored);
    expect(await first.isAlive(server.handle)).toBe(false);
    expect(await exists(String(stored['dir']))).toBe(false);
  });

  it('replaces what a crashed create left under the same id', async () => {
    const provisioner = new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: hostWork });
    const old = await provisioner.create({ id: 'again', version: '10.11', dataBytes: 0 });
    const fresh = await provisioner.create({ id: 'again', version: '10.11', dataBytes: 0 });
    expect(await isPidAlive(Number(old.handle['pid']))).toBe(false);
    expect(await provisioner.isAlive(fresh.handle)).toBe(true);
    await provisioner.destroy(fresh.handle);
  });

  it('refuses a version the runtime does not have, and a missing image, with the fix', async () => {
    const binary = new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: hostWork });
    expect((await rejection(binary.create({ id: 'wrong', version: '11.8', dataBytes: 0 }))).code).toBe('server-version-mismatch');
    const missing = new LocalProvisioner({ image: 'mariadb-10.5', imagesDir: join(hostWork, 'no-images'), workDir: hostWork, autoBuild: false });
    const error = await rejection(missing.create({ id: 'nothing', version: '10.5', dataBytes: 0 }));
    expect(error.code).toBe('image-missing');
    expect(error.params['command']).toMatch(/MIGRATE_BOT_IMAGES=.*no-images .*scripts\/install-mariadb\.sh 10\.5$/);
  });
});

describe('permanent server', () => {
  it('starts once, is adopted afterwards, re-applies a changed password; stopping keeps its data', async () => {
    const port = await freePort();
    const options = { image: 'mariadb-11.8', imagesDir: IMAGES_DIR, port, dataDir: `${IMAGE_INNER}/permanent`, adminPassword: 'first-secret' };
    const started = Date.now();
    const first = await ensurePermanentServer(options);
    timings['permanent 11.8 (first start)'] = Date.now() - started;
    await query(first.endpoint, 'CREATE DATABASE kept');
    const adopted = await ensurePermanentServer(options);
    expect(adopted.handle['pid']).toBe(first.handle['pid']);
    const changed = await ensurePermanentServer({ ...options, adminPassword: 'second-secret' });
    expect(changed.handle['pid']).not.toBe(first.handle['pid']);
    expect((await query(changed.endpoint, "SHOW DATABASES LIKE 'kept'")).length).toBe(1);
    await new LocalProvisioner({ image: 'mariadb-11.8', workDir: IMAGE_WORK }).destroy(changed.handle);
    expect(await isPidAlive(Number(changed.handle['pid']))).toBe(false);
    expect(await exists(join(IMAGE_WORK, 'permanent/data/kept'))).toBe(true);
  });
});

describe('static provisioner', () => {
  let pool: ProvisionedServer;
  const local = (): LocalProvisioner => new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: hostWork });
  beforeAll(async () => {
    // The pool's one server is a private throwaway, so parallel runs never share a lease.
    pool = await local().create({ id: 'pool-1', version: '10.11', dataBytes: 0 });
  });
  afterAll(async () => { if (pool) await local().destroy(pool.handle); });

  it('leases its only server exclusively, drops what the test created, then leases it again', async () => {
    const config = [{ ...pool.endpoint, version: '10.11' }];
    const provisioner = new StaticProvisioner(config);
    const started = Date.now();
    const a = await provisioner.create({ id: 'test-a', version: '10.11', dataBytes: 0 });
    timings['static lease'] = Date.now() - started;
    expect(a.version).toMatch(/^10\.11\./);
    // Another process (another instance) is refused while the lease holds.
    expect((await rejection(new StaticProvisioner(config).create({ id: 'test-b', version: '10.11', dataBytes: 0 }))).code).toBe('pool-exhausted');
    expect((await rejection(provisioner.create({ id: 'test-c', version: '11.8', dataBytes: 0 }))).code).toBe('pool-no-version');

    await provisioner.recordCreated(a.handle, { databases: ['pv_shop'], users: [{ user: 'pv_shop', host: '%' }] });
    // Created as the copier creates its databases: with the bot's mark (an unmarked one is someone's, and kept).
    await query(a.endpoint, `CREATE DATABASE pv_shop COMMENT '${COPY_MARK}'`);
    await query(a.endpoint, "CREATE USER 'pv_shop'@'%' IDENTIFIED BY 'x'");
    expect(await provisioner.isAlive(a.handle)).toBe(true);

    await new StaticProvisioner(config).destroy(JSON.parse(JSON.stringify(a.handle)) as Record<string, unknown>);
    expect(await query(pool.endpoint, "SHOW DATABASES LIKE 'pv_shop'")).toHaveLength(0);
    expect(await query(pool.endpoint, "SELECT 1 FROM mysql.user WHERE user = 'pv_shop'")).toHaveLength(0);
    expect(await provisioner.isAlive(a.handle)).toBe(false);
    await provisioner.destroy(a.handle); // idempotent

    const b = await provisioner.create({ id: 'test-b', version: '10.11', dataBytes: 0 });
    await provisioner.destroy(b.handle);
  });
});

describe('command provisioner', () => {
  const cli = fileURLToPath(new URL('./helpers/provision-command-cli.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
  const commands = (): { create: string; destroy: string; env: Record<string, string> } => ({
    create: `"${tsx}" "${cli}" create`, destroy: `"${tsx}" "${cli}" destroy`, env: { PROVISION_WORK_DIR: hostWork },
  });

  it('runs the create command, whose server outlives it, and the destroy command', async () => {
    const provisioner = new CommandProvisioner(commands());
    const started = Date.now();
    const server = await provisioner.create({ id: 'cmd-1', version: '10.11', dataBytes: 0 });
    timings['command (tsx script + host binary)'] = Date.now() - started;
    expect(server.version).toMatch(/^10\.11\./);
    expect(JSON.stringify(server.handle)).not.toContain(server.endpoint.password);
    expect(await provisioner.isAlive(server.handle)).toBe(true);
    await provisioner.destroy(server.handle);
    expect(await provisioner.isAlive(server.handle)).toBe(false);
    expect(await exists(join(hostWork, 'cmd-1'))).toBe(false);
  });

  it('reports bad output without the password, and a failing command with its stderr', async () => {
    const leaky = new CommandProvisioner({ create: `echo '{"host":"127.0.0.1","port":"x","user":"u","password":"hunter2"}'`, destroy: 'true' });
    const bad = await rejection(leaky.create({ id: 'bad', version: '10.11', dataBytes: 0 }));
    expect(bad.code).toBe('provision-command-output');
    expect(bad.params['problem']).toContain('port');
    expect(bad.message).not.toContain('hunter2');
    const garbled = new CommandProvisioner({ create: 'echo "password=hunter2 {"', destroy: 'true' });
    expect((await rejection(garbled.create({ id: 'bad', version: '10.11', dataBytes: 0 }))).message).not.toContain('hunter2');
    const failing = new CommandProvisioner({ create: 'echo "no quota left" >&2; exit 3', destroy: 'true' });
    const failed = await rejection(failing.create({ id: 'bad', version: '10.11', dataBytes: 0 }));
    expect(failed.params).toMatchObject({ step: 'create', exitCode: 3, stderr: 'no quota left' });
  });
});

describe('error texts', () => {
  it('has every code in English and French with the same placeholders', () => {
    const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    expect(Object.keys(driverErrors.fr).sort()).toEqual(Object.keys(driverErrors.en).sort());
    for (const [code, text] of Object.entries(driverErrors.en)) {
      expect(placeholders(driverErrors.fr[code as keyof typeof driverErrors.fr]), code).toEqual(placeholders(text));
    }
  });
});

describe('suite', () => {
  it('leaves no server process behind (directories are removed after the suite)', async () => {
    const left = await findLeftovers(workDirs());
    // The permanent server's data is kept by design; everything else must be gone.
    expect(left.processes).toEqual([]);
    expect(left.directories.filter((dir) => !dir.endsWith('/permanent'))).toEqual([]);
  });
});
