/**
 * The rollback direction of the all-rules account: an account on 11.8
 * holding what 10.11 cannot take back, one object or more for each rollback
 * rule, and a clean one on the same 11.8 that 10.11 takes back whole (the
 * 11.8 default collation uca1400_ai_ci included: 10.11 knows it).
 */
import type { Endpoint } from '../../../src/drivers/driver.ts';
import { rulesAFixtures } from '../checks/fixture-rules-a.ts';
import { onServer } from '../checks/run-checks-with.ts';
import { inDatabase } from './all-rules-account.ts';
import type { ExpectedObjects } from './all-rules-expected.ts';

/** By rule id: what makes it fire, run in the account's database (chk-rules-a's own rollback fixtures first). */
const TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  'rollback-timestamps-2038': rulesAFixtures['rollback-timestamps-2038']?.triggers ?? [],
  'rollback-vector-type': rulesAFixtures['rollback-vector-type']?.triggers ?? [],
  'rollback-unknown-collations': ['CREATE TABLE words (w VARCHAR(40) COLLATE utf8mb4_0900_as_cs PRIMARY KEY)'],
  'rollback-new-functions': ['CREATE TABLE tokens (id UUID PRIMARY KEY DEFAULT UUID_V4(), label VARCHAR(20))',
    'CREATE FUNCTION size_of(n BIGINT) RETURNS VARCHAR(20) DETERMINISTIC RETURN FORMAT_BYTES(n)'],
  'rollback-parameter-defaults': ['CREATE PROCEDURE page(IN size INT DEFAULT 20) SELECT size'],
};

const CLEAN = [
  'CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT, at TIMESTAMP NULL, tag UUID NULL)',
  "INSERT INTO notes (body, at, tag) VALUES ('first', '2030-01-01 00:00:00', UUID())",
  'CREATE PROCEDURE note_count(IN since TIMESTAMP) SELECT COUNT(*) FROM notes WHERE at >= since',
  'CREATE VIEW recent AS SELECT id, JSON_OBJECT(\'body\', body) AS doc FROM notes',
];

async function build(server: Endpoint, database: string, groups: readonly (readonly string[])[]): Promise<void> {
  await onServer(server, [`CREATE DATABASE \`${database}\``]);
  for (const statements of groups) await inDatabase(server, database, statements);
}

/** Builds both databases on the 11.8 `server`; returns them and what each rollback rule must name. */
export async function buildRollbackAccounts(server: Endpoint, suffix: string): Promise<{ fixture: string; clean: string; expected: ExpectedObjects }> {
  const [fixture, clean] = [`cb${suffix}_new`, `cb${suffix}_clean`];
  await build(server, fixture, Object.values(TRIGGERS));
  await build(server, clean, [CLEAN]);
  const at = (object: string, column?: string) => ({ database: fixture, object, ...(column ? { column } : {}) });
  return {
    fixture, clean,
    expected: {
      'rollback-timestamps-2038': { found: [at('rt', 'at')] },
      'rollback-vector-type': { found: [at('rv', 'emb')] },
      'rollback-unknown-collations': { found: [at('words', 'w')] },
      'rollback-new-functions': { found: [at('tokens', 'id'), at('size_of')] },
      'rollback-parameter-defaults': { found: [at('page')] },
    },
  };
}
