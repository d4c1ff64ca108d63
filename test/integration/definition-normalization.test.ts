import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/drivers/driver.ts';
import { openSession } from '../../src/drivers/mariadb/copier/connections.ts';
import { showCreate } from '../../src/drivers/mariadb/verify/definitions.ts';
import { normalized } from '../../src/drivers/mariadb/verify/normalize.ts';
import { query } from './helpers/features-compare.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from './helpers/copier-server.ts';

/**
 * Each normalization of verify/normalize.ts shown on both real servers:
 * the same statement printed differently by 10.11 and 11.8, alike once
 * normalized, while a real difference still shows.
 */
const database = `normalize_${randomBytes(3).toString('hex')}`;
const db = `\`${database}\``;
let target: TestServer;

/** Columns INVISIBLE next to every attribute SHOW CREATE prints, and the keyword where it is no attribute (a string, a comment, a name). */
const INVISIBLES = `(
  id int NOT NULL AUTO_INCREMENT,
  plain int INVISIBLE,
  worded varchar(30) NOT NULL DEFAULT 'a INVISIBLE b' INVISIBLE,
  \`named INVISIBLE\` int DEFAULT 3 INVISIBLE COMMENT 'says INVISIBLE, then more',
  stamped timestamp(6) NOT NULL DEFAULT current_timestamp(6) ON UPDATE current_timestamp(6) INVISIBLE,
  packed text COMPRESSED DEFAULT NULL INVISIBLE,
  counter int NOT NULL DEFAULT (1 + 1) INVISIBLE,
  doubled int AS (id * 2) VIRTUAL INVISIBLE,
  seen varchar(30) DEFAULT 'INVISIBLE',
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;

const servers = (): Endpoint[] => [HOST_SOURCE, target.endpoint];

async function printed(endpoint: Endpoint, table: string): Promise<{ raw: string; compared: string }> {
  const [row] = await query(endpoint, `SHOW CREATE TABLE ${db}.${table}`);
  const session = await openSession(endpoint, 'source');
  try {
    return { raw: String(row?.['Create Table']), compared: await showCreate(session, database, 'table', table) };
  } finally {
    await session.close();
  }
}

beforeAll(async () => {
  target = await startImageServer('11.8');
  for (const endpoint of servers()) {
    await query(endpoint, `CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await query(endpoint, `CREATE TABLE ${db}.hidden ${INVISIBLES}`);
    await query(endpoint, `INSERT INTO ${db}.hidden (id) VALUES (1), (2)`);
  }
  // The same table on 11.8 with one column visible: a difference normalization must not hide.
  await query(target.endpoint, `CREATE TABLE ${db}.shown ${INVISIBLES.replace('plain int INVISIBLE', 'plain int')}`);
  await query(HOST_SOURCE, `CREATE TABLE ${db}.shown ${INVISIBLES}`);
});

afterAll(async () => {
  await query(HOST_SOURCE, `DROP DATABASE IF EXISTS ${db}`);
  await target?.stop();
});

describe('definitions as compared between 10.11 and 11.8', () => {
  it('finds a table with INVISIBLE columns alike although the two versions print INVISIBLE in different places', async () => {
    const [old, current] = [await printed(HOST_SOURCE, 'hidden'), await printed(target.endpoint, 'hidden')];
    expect(old.raw).toContain("`worded` varchar(30) NOT NULL INVISIBLE DEFAULT 'a INVISIBLE b',");
    expect(current.raw).toContain("`worded` varchar(30) NOT NULL DEFAULT 'a INVISIBLE b' INVISIBLE,");
    expect(old.raw).not.toEqual(current.raw);
    expect(old.compared).toEqual(current.compared);
    // Moved, never dropped; the keyword inside strings, comments and names stays where it was.
    expect(current.compared).toContain("`worded` varchar(30) NOT NULL DEFAULT 'a INVISIBLE b' INVISIBLE,");
    expect(current.compared).toContain("`named INVISIBLE` int(11) DEFAULT 3 COMMENT 'says INVISIBLE, then more' INVISIBLE,");
    expect(current.compared).toContain("`seen` varchar(30) DEFAULT 'INVISIBLE',");
    expect(current.compared.match(/ INVISIBLE,$/gm)).toHaveLength(7);
  });

  it('still tells a visible column from an invisible one', async () => {
    const [old, current] = [await printed(HOST_SOURCE, 'shown'), await printed(target.endpoint, 'shown')];
    expect(old.compared).not.toEqual(current.compared);
    expect(old.compared).toContain('`plain` int(11) DEFAULT NULL INVISIBLE,');
    expect(current.compared).toContain('`plain` int(11) DEFAULT NULL,');
  });

  it('leaves the next AUTO_INCREMENT value out of a table and nothing out of other objects', async () => {
    const { raw, compared } = await printed(HOST_SOURCE, 'hidden');
    expect(raw).toContain('AUTO_INCREMENT=3');
    expect(compared).not.toContain('AUTO_INCREMENT=');
    const routine = 'CREATE PROCEDURE p() SELECT 1 AS `x INVISIBLE`, 2 AUTO_INCREMENT=4';
    expect(normalized(routine, 'procedure')).toBe(routine);
  });
});
