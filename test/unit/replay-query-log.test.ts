import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLogCandidates } from '../../src/drivers/mariadb/replay/sources/query-log.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'replay-log-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const read = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  const result = await queryLogCandidates(path);
  if ('reason' in result) throw new Error(result.reason);
  return result.candidates.map((c) => [c.database, c.sql, c.count ?? 1, c.refused ?? null]);
};

describe('query logs', () => {
  it('reads a MariaDB general log: the database of each connection, statements on several lines, grouped by fingerprint', async () => {
    const log = [
      '/usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1-log (Debian 12). started with:',
      'Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock',
      'Time\t\t    Id Command\tArgument',
      '250101 10:00:00\t     8 Connect\tapp@localhost on shop using TCP/IP',
      '\t\t     9 Connect\tapp@localhost on  using Socket',
      '\t\t     8 Query\tSELECT * FROM orders WHERE id = 5',
      '\t\t     9 Init DB\tblog',
      '\t\t     9 Query\tSELECT id,',
      '  title FROM posts',
      '  WHERE id < 3',
      '\t\t     8 Query\tSELECT * FROM orders WHERE id = 7',
      '\t\t     8 Query\tuse `blog`',
      "\t\t     8 Execute\tSELECT * FROM posts WHERE slug = 'x'",
      "\t\t     8 Query\tUPDATE orders SET status = 'paid' WHERE id = 5",
      '\t\t     8 Quit\t',
      '',
    ].join('\n');
    expect(await read('general.log', log)).toEqual([
      ['shop', 'SELECT * FROM orders WHERE id = 5', 2, null],
      ['blog', 'SELECT id,\n  title FROM posts\n  WHERE id < 3', 1, null],
      ['blog', "SELECT * FROM posts WHERE slug = 'x'", 1, null],
      [null, '', 1, 'not-select'],
    ]);
  });

  it('reads a MySQL general log (ISO times) and a slow log with use lines instead of Schema:', async () => {
    const general = '2025-01-01T10:00:00.123456Z\t   12 Connect\tapp@localhost on shop using Socket\n2025-01-01T10:00:01.000000Z\t   12 Query\tSELECT 1 FROM t\n';
    expect(await read('mysql-general.log', general)).toEqual([['shop', 'SELECT 1 FROM t', 1, null]]);
    const slow = [
      '/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:',
      '# Time: 2025-01-01T10:00:00.000000Z',
      '# User@Host: app[app] @ localhost []  Id:    12',
      '# Query_time: 0.000200  Lock_time: 0.000001 Rows_sent: 1  Rows_examined: 1',
      'use shop;',
      'SET timestamp=1735725600;',
      'SELECT a',
      '  FROM t;',
      '# Time: 2025-01-01T10:00:01.000000Z',
      '# User@Host: app[app] @ localhost []  Id:    12',
      '# Query_time: 0.000200  Lock_time: 0.000001 Rows_sent: 1  Rows_examined: 1',
      'SET timestamp=1735725601;',
      'SELECT b FROM t;',
      '',
    ].join('\n');
    expect(await read('slow.log', slow)).toEqual([['shop', 'SELECT a\n  FROM t;', 1, null], ['shop', 'SELECT b FROM t;', 1, null]]);
  });

  it('says why a log gives nothing: not configured, unreadable, empty', async () => {
    expect(await queryLogCandidates(undefined)).toEqual({ reason: 'no-query-log' });
    expect(await queryLogCandidates(join(dir, 'missing.log'))).toEqual({ reason: 'query-log-unreadable' });
    await writeFile(join(dir, 'empty.log'), '');
    expect(await queryLogCandidates(join(dir, 'empty.log'))).toEqual({ reason: 'query-log-empty' });
  });
});
