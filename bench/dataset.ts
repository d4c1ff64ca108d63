import mysql from 'mysql2/promise';
import type { Endpoint } from '../src/drivers/driver.ts';

/**
 * Bench data generator: a database of about `bytes` on disk (DATA_LENGTH +
 * INDEX_LENGTH, what a hosting panel shows and what a copy has to move),
 * generated server-side by INSERT ... SELECT from the Sequence engine so no
 * row crosses the wire. Rows use RAND(): the content differs between runs,
 * the shapes and sizes do not.
 */
export interface DatasetOptions {
  readonly database: string;
  readonly bytes: number;
  /** Called with 0..100 after each batch. */
  readonly onProgress?: (pct: number) => void;
}

interface TableSpec {
  readonly name: string;
  /** Share of the requested bytes. */
  readonly share: number;
  /** First guess of bytes per row, corrected by measuring after the first batch. */
  readonly guess: number;
  readonly ddl: string;
  /** INSERT ... SELECT over the sequence `{seq}` (replaced by seq_A_to_B). */
  readonly fill: string;
}

const TABLES: readonly TableSpec[] = [
  {
    name: 'orders', share: 0.35, guess: 170,
    ddl: `CREATE TABLE orders (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, customer_id INT UNSIGNED NOT NULL,
      status ENUM('pending','paid','shipped','cancelled','refunded') NOT NULL, amount DECIMAL(12,2) NOT NULL,
      currency CHAR(3) NOT NULL, email VARCHAR(120) NOT NULL, shipping_address VARCHAR(255) NOT NULL,
      created_at DATETIME NOT NULL, updated_at DATETIME NULL, notes TEXT NULL)
      ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    fill: `INSERT INTO orders SELECT seq, 1 + FLOOR(RAND() * 200000),
      ELT(1 + FLOOR(RAND() * 5), 'pending','paid','shipped','cancelled','refunded'), ROUND(RAND() * 1000, 2),
      ELT(1 + seq % 3, 'EUR','USD','GBP'), CONCAT('user', seq % 200000, '@example.com'),
      CONCAT(FLOOR(RAND() * 999), ' rue ', ELT(1 + seq % 4, 'de la Paix','Émile Zola','du Château','des Écoles'),
        ', ', LPAD(FLOOR(RAND() * 99999), 5, '0'), ' ', ELT(1 + seq % 4, 'Besançon','Lyon','Genève','Liège')),
      '2020-01-01' + INTERVAL FLOOR(RAND() * 150000000) SECOND,
      IF(RAND() < 0.5, NULL, '2024-01-01' + INTERVAL FLOOR(RAND() * 9000000) SECOND),
      IF(RAND() < 0.3, NULL, LEFT(REPEAT(MD5(seq), 4), FLOOR(RAND() * 128)))
      FROM {seq}`,
  },
  {
    name: 'event_log', share: 0.45, guess: 1300,
    ddl: `CREATE TABLE event_log (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, level ENUM('debug','info','warning','error') NOT NULL,
      source VARCHAR(64) NOT NULL, logged_at DATETIME(6) NOT NULL, message TEXT NOT NULL)
      ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    fill: `INSERT INTO event_log SELECT seq, ELT(1 + FLOOR(RAND() * 4), 'debug','info','warning','error'),
      CONCAT('worker-', seq % 16), '2024-01-01' + INTERVAL seq * 1000 MICROSECOND,
      CONCAT('request ', MD5(seq), ' took ', FLOOR(RAND() * 5000), ' ms; trace: ', REPEAT(SHA1(RAND()), 5 + FLOOR(RAND() * 40)))
      FROM {seq}`,
  },
  {
    name: 'page_views', share: 0.2, guess: 300,
    ddl: `CREATE TABLE page_views (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, user_id INT UNSIGNED NOT NULL,
      session_key CHAR(32) CHARACTER SET ascii NOT NULL, url VARCHAR(255) NOT NULL, referrer VARCHAR(255) NULL,
      viewed_at DATETIME NOT NULL, KEY ix_user_time (user_id, viewed_at), KEY ix_session (session_key))
      ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    fill: `INSERT INTO page_views SELECT seq, FLOOR(RAND() * 500000), MD5(CONCAT(seq DIV 20, 'salt')),
      CONCAT('/produits/', ELT(1 + seq % 5, 'café','thé','chocolat','épices','vins'), '/', FLOOR(RAND() * 10000)),
      IF(RAND() < 0.4, NULL, CONCAT('https://www.example.com/search?q=', MD5(RAND()))),
      '2024-01-01' + INTERVAL seq * 3 SECOND
      FROM {seq}`,
  },
];

/** Bytes a batch aims at: big enough to amortise commits, small enough for the undo log. */
const BATCH_BYTES = 24 * 1024 * 1024;
const TOLERANCE = 0.2;
const marker = (bytes: number) => `migrate-bot bench dataset: complete, ${bytes} bytes requested`;

/**
 * Creates `database` with about `bytes` of tables (orders, event_log,
 * page_views). Idempotent: a finished dataset made for the same size, still
 * within 20 % of it, is kept as is; anything else of that name is dropped and
 * rebuilt, so do not point it at a database you care about.
 */
export async function generateDataset(admin: Endpoint, opts: DatasetOptions): Promise<{ rows: number; bytes: number }> {
  const db = quoteId(opts.database);
  const conn = await mysql.createConnection({ ...admin, charset: 'utf8mb4_unicode_ci' });
  try {
    const [found] = await conn.query<mysql.RowDataPacket[]>(
      'SELECT SCHEMA_COMMENT AS c FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [opts.database]);
    if (found[0]?.['c'] === marker(opts.bytes)) {
      // A table dropped by hand makes measure() throw: rebuild then.
      const existing = await measure(conn, opts.database).catch(() => undefined);
      if (existing && Math.abs(existing.bytes - opts.bytes) <= opts.bytes * TOLERANCE) return existing;
    }
    await conn.query(`DROP DATABASE IF EXISTS ${db}`);
    await conn.query(`CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.query(`USE ${db}`);
    // Only secondary indexes are non-unique here; skipping the checks lets InnoDB buffer them.
    await conn.query('SET SESSION unique_checks = 0');
    let done = 0;
    for (const table of TABLES) {
      await conn.query(table.ddl);
      const target = opts.bytes * table.share;
      let bytesPerRow = table.guess;
      let inserted = 0;
      while (inserted * bytesPerRow < target) {
        const want = Math.ceil((target - inserted * bytesPerRow) / bytesPerRow);
        // The first batch only calibrates (a quarter of the guess) so a bad guess cannot overshoot.
        const cap = inserted === 0 ? Math.ceil(want / 4) : want;
        const count = Math.max(1, Math.min(cap, Math.ceil(BATCH_BYTES / bytesPerRow)));
        await conn.query(table.fill.replace('{seq}', `seq_${inserted + 1}_to_${inserted + count}`));
        inserted += count;
        // ANALYZE on InnoDB samples a few pages: cheap enough to correct the estimate every batch.
        bytesPerRow = (await tableBytes(conn, opts.database, table.name)) / inserted;
        opts.onProgress?.(Math.min(99, Math.round(((done + Math.min(inserted * bytesPerRow, target)) / opts.bytes) * 100)));
      }
      done += target;
    }
    await conn.query(`ALTER DATABASE ${db} COMMENT ?`, [marker(opts.bytes)]);
    const result = await measure(conn, opts.database);
    opts.onProgress?.(100);
    return result;
  } finally {
    await conn.end();
  }
}

/** Drops a dataset made by {@link generateDataset}; no-op when it does not exist. */
export async function dropDataset(admin: Endpoint, database: string): Promise<void> {
  const conn = await mysql.createConnection({ ...admin });
  try {
    await conn.query(`DROP DATABASE IF EXISTS ${quoteId(database)}`);
  } finally {
    await conn.end();
  }
}

/** Size from fresh statistics: InnoDB's DATA_LENGTH lags until ANALYZE TABLE. */
async function tableBytes(conn: mysql.Connection, database: string, table: string): Promise<number> {
  await conn.query(`ANALYZE TABLE ${quoteId(database)}.${quoteId(table)}`);
  const [rows] = await conn.query<mysql.RowDataPacket[]>(
    'SELECT DATA_LENGTH + INDEX_LENGTH AS b FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [database, table]);
  return Number(rows[0]?.['b'] ?? 0);
}

/** Exact row counts: ids are dense 1..n, so MAX(id) is exact and instant. */
async function measure(conn: mysql.Connection, database: string): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  for (const t of TABLES) {
    bytes += await tableBytes(conn, database, t.name);
    const [r] = await conn.query<mysql.RowDataPacket[]>(`SELECT COALESCE(MAX(id), 0) AS n FROM ${quoteId(database)}.${quoteId(t.name)}`);
    rows += Number(r[0]?.['n'] ?? 0);
  }
  return { rows, bytes };
}

function quoteId(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
