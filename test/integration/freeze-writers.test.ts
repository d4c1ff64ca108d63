import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { MariadbDriver } from '../../src/drivers/mariadb/mariadb-driver.ts';
import { clientOf, matchedAccount } from '../../src/drivers/mariadb/live/host-match.ts';
import { alive, connectAs } from './helpers/clients.ts';
import { source } from './helpers/live-env.ts';

// Everything here is named with a random suffix on the shared 10.11 and dropped at the end.
const sfx = randomBytes(3).toString('hex');
const [dbA, dbB, other] = [`fw_${sfx}_a`, `fw_${sfx}_b`, `fw_${sfx}_other`];
const password = 'fw-pw';
const u = (name: string) => `fw${sfx}_${name}`;
const roles = [u('r1'), u('r2')];
const accounts: [string, string][] = [
  [u('app'), '%'], [u('app'), '127.0.0.2'], [u('app'), '127.0.0.3'], [u('dbw'), '%'], [u('pat'), '%'], [u('tbl'), '%'], [u('col'), '%'],
  [u('exe'), '%'], [u('ro'), '%'], [u('viarole'), '%'], [u('px'), '%'],
  [u('m1'), '%'], [u('m1'), '127.%'], [u('m1'), '127.0.0.%'], [u('m2'), '127.0.0.%'], [u('m2'), '127.0.0._'],
  [u('m3'), '127.0.0._'], [u('m3'), '127.0.0.0/255.255.255.0'], [u('m4'), '%'], [u('m4'), 'localhost'],
];
const driver = new MariadbDriver();
let admin: mysql.Connection;
const open: mysql.Connection[] = [];

async function drop(): Promise<void> {
  for (const [user, host] of accounts) await admin.query('DROP USER IF EXISTS ?@?', [user, host]);
  for (const role of roles) await admin.query('DROP ROLE IF EXISTS ?', [role]);
  for (const db of [dbA, dbB, other]) await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
}

beforeAll(async () => {
  admin = await mysql.createConnection({ ...source, multipleStatements: true });
  await drop();
  for (const db of [dbA, dbB, other]) await admin.query(`CREATE DATABASE \`${db}\``);
  await admin.query(`CREATE TABLE ${dbA}.t (c INT, d INT); CREATE TABLE ${other}.t (c INT);
    CREATE PROCEDURE ${dbA}.p() SQL SECURITY DEFINER INSERT INTO ${dbA}.t VALUES (1, 1)`);
  for (const [user, host] of accounts) await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, host, password]);
  for (const role of roles) await admin.query('CREATE ROLE ?', [role]);
  const grants: [string, unknown[]][] = [
    [`GRANT ALL ON ${dbA}.* TO ?@?`, [u('app'), '%']], [`GRANT ALL ON ${dbB}.* TO ?@?`, [u('app'), '127.0.0.2']],
    [`GRANT ALL ON ${other}.* TO ?@?`, [u('app'), '127.0.0.3']],
    [`GRANT INSERT ON ${dbA}.* TO ?@?`, [u('dbw'), '%']],
    [`GRANT INSERT ON \`fw\\_${sfx}\\_%\`.* TO ?@?`, [u('pat'), '%']],
    [`GRANT UPDATE ON ${dbA}.t TO ?@?`, [u('tbl'), '%']],
    [`GRANT INSERT (c) ON ${dbA}.t TO ?@?`, [u('col'), '%']],
    [`GRANT EXECUTE ON PROCEDURE ${dbA}.p TO ?@?`, [u('exe'), '%']],
    [`GRANT SELECT ON ${dbA}.* TO ?@?`, [u('ro'), '%']],
    [`GRANT DELETE ON ${dbB}.* TO ?`, [roles[0]]], ['GRANT ? TO ?', [roles[0], roles[1]]], ['GRANT ? TO ?@?', [roles[1], u('viarole'), '%']],
  ];
  for (const [sql, values] of grants) await admin.query(sql, values);
  // GRANT PROXY needs a grantor holding PROXY ... WITH GRANT OPTION: root@localhost, over the socket.
  const rootSocket = await mysql.createConnection({ socketPath: '/run/mysqld/mysqld.sock', user: 'root' });
  await rootSocket.query('GRANT PROXY ON ?@? TO ?@?', [u('dbw'), '%', u('px'), '%']);
  await rootSocket.end();
});

afterAll(async () => {
  for (const c of open) c.destroy();
  await drop();
  await admin.end();
});

describe('the writers of an account\'s databases', () => {
  it('are every account that can write to them, by privilege, database pattern, role chain or proxy; not readers, not the admin session itself', async () => {
    const writers = await driver.writers(source, [dbA, dbB]);
    const via = (user: string, host = '%') => writers.find((w) => w.user === user && w.host === host)?.via;
    expect(via(u('app'))).toBe('database');
    expect(via(u('app'), '127.0.0.2')).toBe('database');
    expect(via(u('dbw'))).toBe('database');
    expect(via(u('pat'))).toBe('database');
    expect(via(u('tbl'))).toBe('table');
    expect(via(u('col'))).toBe('column');
    expect(via(u('exe'))).toBe('routine');
    expect(via(u('viarole'))).toBe(`role ${roles[1]}`);
    expect(via(u('px'))).toBe(`proxy of ${u('dbw')}`);
    // Another tenant's row of the same name, a reader, roles themselves: none is a writer.
    expect(via(u('app'), '127.0.0.3')).toBeUndefined();
    expect(via(u('ro'))).toBeUndefined();
    expect(writers.some((w) => roles.includes(w.user))).toBe(false);
    // The server's other superuser is a writer; the bot's own session account is not.
    expect(via('root', 'localhost')).toBe('global');
    const [[me]] = await admin.query<mysql.RowDataPacket[]>('SELECT CURRENT_USER() c') as unknown as [[mysql.RowDataPacket]];
    expect(writers.map((w) => `${w.user}@${w.host}`)).not.toContain(String(me['c']));
  });
});

describe('the freeze', () => {
  it('works out the account row of each connection as the server does', async () => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>("SELECT User u, Host h FROM mysql.user WHERE Host <> '' AND (User LIKE ? OR User = '')", [`fw${sfx}\\_%`]);
    const acl = rows.map((r) => ({ user: String(r['u']), host: String(r['h']) }));
    const cases: [string, string][] = [
      [u('m1'), '127.0.0.5'], [u('m2'), '127.0.0.5'], [u('m3'), '127.0.0.5'], [u('m4'), 'socket'], [u('m4'), '127.0.0.5'],
      [u('app'), '127.0.0.1'], [u('app'), '127.0.0.2'], [u('app'), '127.0.0.3'], [u('app'), 'socket'],
    ];
    for (const [user, from] of cases) {
      const c = await connectAs(source, user, password, from);
      const [[row]] = await c.query<mysql.RowDataPacket[]>(
        'SELECT CURRENT_USER() me, HOST h FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()') as unknown as [[mysql.RowDataPacket]];
      const model = matchedAccount(acl, user, clientOf(String(row['h'])));
      expect(model ? `${model.user}@${model.host}` : null, `${user} from ${from}`).toBe(String(row['me']));
      await c.end();
    }
  });

  it('ends the connections of the frozen rows only: another tenant\'s user of the same name keeps its connection', async () => {
    const frozen = [{ user: u('app'), host: '%' }, { user: u('app'), host: '127.0.0.2' }];
    const ours = [await connectAs(source, u('app'), password, '127.0.0.1'), await connectAs(source, u('app'), password, '127.0.0.2'),
      await connectAs(source, u('app'), password, 'socket')];
    const theirs = await connectAs(source, u('app'), password, '127.0.0.3');
    open.push(...ours, theirs);
    try {
      const { killed } = await driver.freeze(source, frozen);
      expect(killed).toBe(3);
      for (const c of ours) expect(await alive(c)).toBe(false);
      expect(await alive(theirs)).toBe(true);
      await expect(connectAs(source, u('app'), password, '127.0.0.2')).rejects.toMatchObject({ errno: 4151 }); // locked
      const later = await connectAs(source, u('app'), password, '127.0.0.3');
      open.push(later);
      expect(await alive(later)).toBe(true);
    } finally {
      await driver.unfreeze(source, frozen, []);
    }
  });
});
