import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { loadSchema, SCHEMA_NAMES } from '../fixtures/schemas/load.ts';
import { openSession, type Session } from '../../src/drivers/mariadb/copier/connections.ts';
import { readCatalog } from '../../src/drivers/mariadb/copier/catalog.ts';
import { tableChecksum } from '../../src/drivers/mariadb/verify/checksum.ts';
import { StreamChecksum, canStreamChecksum } from '../../src/drivers/mariadb/verify/stream-checksum.ts';
import { selectSql } from '../../src/drivers/mariadb/copier/table-copy.ts';
import { queryRawRows } from '../../src/drivers/mariadb/copier/raw-rows.ts';

const admin = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const suffix = randomBytes(3).toString('hex');
const databases = SCHEMA_NAMES.map((name) => `sc_${name}_${suffix}`);
let control: mysql.Connection;
let session: Session;
let catalogSession: Session;

beforeAll(async () => {
  control = await mysql.createConnection(admin);
  for (const [i, name] of SCHEMA_NAMES.entries()) await loadSchema(control, name, databases[i]!);
  // Rows are read as the copy reads them (raw bytes); the catalog with a normal session.
  session = await openSession(admin, 'source', ['SET character_set_results = binary']);
  catalogSession = await openSession(admin, 'source');
});
afterAll(async () => {
  await session.close();
  await catalogSession.close();
  for (const db of databases) await control.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await control.end();
});

describe('the checksum summed while streaming', () => {
  it('equals the server-side checksum of every streamable fixture table', async () => {
    let compared = 0;
    for (const catalog of await readCatalog(catalogSession, databases)) {
      for (const table of catalog.tables.filter((t) => t.tableType === 'BASE TABLE' && canStreamChecksum(t))) {
        const streamed = new StreamChecksum(table);
        const select = selectSql(table, null);
        // Through the copier's own raw-row path, as a copy computes it.
        await new Promise<void>((resolve, reject) => {
          queryRawRows(session.raw, select.sql, select.values, (packet, start, end) => streamed.push(packet, start, end))
            .on('error', reject).on('end', resolve);
        });
        expect(streamed.result(), `${table.database}.${table.name}`).toEqual(await tableChecksum(session, table));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });
});
