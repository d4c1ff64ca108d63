import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEndpoint, type Endpoint } from '../../src/drivers/driver.ts';
import { ensurePermanentServer, LocalProvisioner } from '../../src/drivers/mariadb/provisioners/local.ts';
import { DEFAULT_IMAGES_DIR } from '../../src/drivers/mariadb/provisioners/local-image.ts';
import type { ProvisionedServer } from '../../src/drivers/provisioner.ts';
import { syncAccount, type SyncReport } from '../../src/drivers/mariadb/sync/sync.ts';
import { TargetChecksums } from '../../src/drivers/mariadb/sync/target-checksums.ts';
import { freePort } from '../helpers/platform-config.ts';
import { suiteDirs, suiteRun } from '../helpers/suite-dirs.ts';
import { HOST_SOURCE } from './helpers/copier-server.ts';

// Kept target checksums are trusted only while nothing but the run could have written to the target.
const db = `sync_trust_${process.pid}`;
const elsewhere = `sync_trust_other_${process.pid}`;
let port = 0;
let dataDir = '';
let server: ProvisionedServer;
let source: mysql.Connection;

const start = () => ensurePermanentServer({ image: 'mariadb-11.8', port, dataDir, adminPassword: 'trust-password', bufferPoolBytes: 64 * 1024 * 1024 });
const stop = () => new LocalProvisioner({ workDir: '/tmp', image: 'mariadb-11.8' }).destroy(server.handle);
const pass = (mode: 'online' | 'frozen', kept?: TargetChecksums): Promise<SyncReport> =>
  syncAccount({ source: HOST_SOURCE, target: server.endpoint, databases: [db], mode, rowsPerChunk: 100, ...(kept ? { targetChecksums: kept } : {}) });
const methods = (r: SyncReport) => [...new Set(r.verification.map((v) => v.method))];

async function onTarget(sql: string): Promise<mysql.RowDataPacket[]> {
  const c = await mysql.createConnection({ ...server.endpoint });
  try {
    return (await c.query<mysql.RowDataPacket[]>(sql))[0];
  } finally {
    await c.end();
  }
}

const rows = async (endpoint: Endpoint) => {
  const c = await mysql.createConnection({ ...endpoint });
  try {
    return JSON.stringify((await c.query(`SELECT * FROM \`${db}\`.t ORDER BY id`))[0]);
  } finally {
    await c.end();
  }
};

/** An online pass that measures the target: the next passes would read only the source. */
async function measured(): Promise<TargetChecksums> {
  const kept = new TargetChecksums(describeEndpoint(server.endpoint));
  expect((await pass('online', kept)).ok).toBe(true);
  expect(kept.size).toBe(2);
  return kept;
}

beforeAll(async () => {
  port = await freePort();
  dataDir = `${suiteDirs(suiteRun()).imageInner}/trust-${port}`;
  const parent = join(DEFAULT_IMAGES_DIR, 'mariadb-11.8', suiteDirs(suiteRun()).imageInner);
  await mkdir(parent, { recursive: true });
  await chmod(parent, 0o755);
  server = await start();
  source = await mysql.createConnection({ ...HOST_SOURCE });
  await source.query(`DROP DATABASE IF EXISTS ${db}`);
  await source.query(`CREATE DATABASE ${db}`);
  await source.query(`USE ${db}`);
  await source.query('CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))');
  await source.query('CREATE TABLE nokey (v INT)');
  await source.query(`INSERT INTO t SELECT seq, CONCAT('v', seq) FROM seq_1_to_1000`);
  await source.query('INSERT INTO nokey SELECT seq FROM seq_1_to_10');
  expect((await pass('online')).ok).toBe(true); // the copy
}, 120_000);

afterAll(async () => {
  await source?.query(`DROP DATABASE IF EXISTS ${db}`);
  await source?.end();
  if (server) await stop();
  await rm(join(DEFAULT_IMAGES_DIR, 'mariadb-11.8', dataDir), { recursive: true, force: true });
});

describe('kept target checksums', () => {
  it('are used while the same server process answers, and forgotten once it restarted: the frozen pass reads both sides', async () => {
    const kept = await measured();
    expect(methods(await pass('online', kept))).toEqual(['source-and-kept-target']);
    await stop();
    server = await start();
    // Whatever happened around the restart (a backup restored, a write by someone else) is found only by reading the target.
    await onTarget(`UPDATE \`${db}\`.t SET v = 'changed meanwhile' WHERE id = 500`);
    const frozen = await pass('frozen', kept);
    expect(frozen.ok).toBe(true);
    expect(methods(frozen)).toEqual(['both-sides']);
    expect(frozen.rangesReloaded).toBe(1);
    expect(frozen.warnings).toContainEqual(`target ${describeEndpoint(server.endpoint)} was restarted or replaced since its checksums were kept: its tables were read on both sides`);
    expect(await rows(server.endpoint)).toBe(await rows(HOST_SOURCE));
  }, 120_000);

  it('are not kept nor used while the target runs an enabled event, even in a database outside the account', async () => {
    const kept = await measured();
    await onTarget(`CREATE DATABASE ${elsewhere}`);
    await onTarget(`CREATE EVENT ${elsewhere}.touch ON SCHEDULE EVERY 1 HOUR DO UPDATE \`${db}\`.t SET v = 'by an event' WHERE id = 7`);
    await onTarget('SET GLOBAL event_scheduler = ON');
    try {
      await onTarget(`UPDATE \`${db}\`.t SET v = 'by an event' WHERE id = 7`); // what the event did, at once
      const online = await pass('online', kept);
      expect(methods(online)).toEqual(['both-sides']);
      expect(online.warnings.join(' ')).toContain('has 1 enabled event(s) and its event scheduler is ON');
      expect(kept.size).toBe(0);
      expect(await rows(server.endpoint)).toBe(await rows(HOST_SOURCE));
    } finally {
      await onTarget('SET GLOBAL event_scheduler = OFF');
      await onTarget(`DROP DATABASE ${elsewhere}`);
    }
  }, 120_000);
});
