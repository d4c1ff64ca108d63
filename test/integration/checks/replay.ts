/**
 * Test helpers of chk-rules-a: what a program's CREATE statement looks like
 * on the host, and whether another server (11.8) accepts it, so a test can
 * prove that what a rule flags really fails there and what it passes works.
 */
import mysql from 'mysql2/promise';
import type { Endpoint } from '../../../src/drivers/driver.ts';
import { HOST_SOURCE } from '../helpers/copier-server.ts';

type Kind = 'PROCEDURE' | 'FUNCTION' | 'TRIGGER' | 'EVENT' | 'TABLE' | 'VIEW';
const COLUMN: Record<Kind, string> = {
  PROCEDURE: 'Create Procedure', FUNCTION: 'Create Function', TRIGGER: 'SQL Original Statement', EVENT: 'Create Event',
  TABLE: 'Create Table', VIEW: 'Create View',
};

/** SHOW CREATE <kind> of an object on `server`, definer clause removed (the user may not exist elsewhere). */
export async function showCreate(database: string, kind: Kind, name: string, server: Endpoint = HOST_SOURCE): Promise<string> {
  const conn = await mysql.createConnection({ ...server, database });
  try {
    const [rows] = await conn.query(`SHOW CREATE ${kind} \`${name.replaceAll('`', '``')}\``);
    const cell = (rows as Record<string, unknown>[])[0]?.[COLUMN[kind]];
    const text = typeof cell === 'string' ? cell : '';
    return text.replace(/ DEFINER=`[^`]*`@`[^`]*`/, '');
  } finally {
    await conn.end();
  }
}

/** Runs `statements` in `database` on `server` (created if missing); returns the errno of each (0 when it ran). */
export async function errnosOn(server: Endpoint, database: string, statements: readonly string[]): Promise<number[]> {
  const conn = await mysql.createConnection({ ...server });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
    await conn.query(`USE \`${database}\``);
    const errnos: number[] = [];
    for (const statement of statements) {
      try {
        await conn.query(statement);
        errnos.push(0);
      } catch (error) {
        errnos.push(Number((error as { errno?: unknown }).errno ?? -1));
      }
    }
    return errnos;
  } finally {
    await conn.end();
  }
}
