/**
 * `npm run bench:bulk-insert-path`: the experiment behind keeping
 * unique_checks on in the copier's target sessions (copy-setup.ts). Loads the
 * bench dataset's `orders` table (from `npm run bench:import`) into a fresh
 * temporary 11.8 server three ways and prints the server's CPU seconds:
 * into an empty table with unique_checks and foreign_key_checks off (InnoDB
 * takes its bulk-insert path), the same with unique_checks on, and into a
 * table that already holds a row (normal path either way).
 */
import { createReadStream, rmSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { LocalProvisioner } from '../src/drivers/mariadb/provisioners/local.ts';
import { cpuSeconds, mariadbdPid } from './proc-cpu.ts';

const SOURCE = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const file = `/tmp/bench-orders-${process.pid}.tsv`;

const source = await mysql.createConnection(SOURCE);
const [[created]] = await source.query('SHOW CREATE TABLE bench_import.orders') as unknown as [[Record<string, string>]];
// The source server writes the file (it runs as mysql, /tmp is writable to it); LOAD DATA LOCAL reads it back.
await source.query(`SELECT * FROM bench_import.orders INTO OUTFILE '${file}'`);
await source.end();

const provisioner = new LocalProvisioner({ image: 'mariadb-11.8', workDir: '/srv/migrate-bot/bench' });
const target = await provisioner.create({ id: `bench-bulk-${process.pid}`, version: '11.8', dataBytes: 1e9 });
try {
  const pid = mariadbdPid((c) => c.includes(`--port=${target.endpoint.port}`));
  const conn = await mysql.createConnection({ ...target.endpoint, infileStreamFactory: () => createReadStream(file) } as mysql.ConnectionOptions);
  await conn.query('CREATE DATABASE bulk');
  await conn.query('USE bulk');
  await conn.query('SET foreign_key_checks = 0');
  const variants = [
    { name: 'empty_unique_checks_off', uniqueChecks: 0, seed: false },
    { name: 'empty_unique_checks_on', uniqueChecks: 1, seed: false },
    { name: 'one_row_first_unique_checks_off', uniqueChecks: 0, seed: true },
  ];
  for (const v of variants) {
    await conn.query((created?.['Create Table'] ?? '').replace('CREATE TABLE `orders`', `CREATE TABLE \`${v.name}\``));
    await conn.query(`SET unique_checks = ${v.uniqueChecks}`);
    if (v.seed) await conn.query(`INSERT INTO \`${v.name}\` (id, customer_id, status, amount, currency, email, shipping_address, created_at) VALUES (0, 1, 'paid', 1, 'EUR', 'a', 'b', NOW())`);
    const cpu = cpuSeconds(pid);
    const started = performance.now();
    await conn.query(`LOAD DATA LOCAL INFILE 'orders.tsv' INTO TABLE \`${v.name}\``);
    process.stdout.write(`${v.name.padEnd(34)} server CPU ${(cpuSeconds(pid) - cpu).toFixed(1).padStart(5)} s, wall ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s\n`);
  }
  await conn.end();
} finally {
  await provisioner.destroy(target.handle);
  rmSync(file, { force: true });
}
