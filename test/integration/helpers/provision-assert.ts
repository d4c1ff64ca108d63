import { stat } from 'node:fs/promises';
import mysql from 'mysql2/promise';
import { expect } from 'vitest';
import { UserError } from '../../../src/errors.ts';
import type { Endpoint } from '../../../src/drivers/driver.ts';

/** Runs one statement on its own connection and returns the rows. */
export async function query(endpoint: Endpoint, sql: string): Promise<mysql.RowDataPacket[]> {
  const connection = await mysql.createConnection(endpoint);
  try {
    return (await connection.query<mysql.RowDataPacket[]>(sql))[0];
  } finally {
    await connection.end();
  }
}

/** The UserError `promise` rejects with; fails the test on success or on any other error. */
export async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** True when `path` exists. */
export const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);
