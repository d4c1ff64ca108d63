import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { makeLogger } from '../../jobs/bootstrap.ts';

/** What a logger wrote, as text. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk.toString()); done(); } });
  return { stream, text: () => chunks.join('') };
}

describe('the log serializer', () => {
  it('keeps password hashes of a failing statement out of every field of a mysql2 error, and of an error it caused', () => {
    const hash = '*94BDCEBE19083CE2A1F959FD02F964C7AF4CFC29';
    const statement = `CREATE USER 'app'@'%' IDENTIFIED BY PASSWORD '${hash}'`;
    // mysql2 puts the statement in `sql` and the server's text in `sqlMessage`, beside the message.
    const error = Object.assign(new Error('Operation CREATE USER failed'), { sql: statement, sqlMessage: `near '${hash}'`, errno: 1396 });
    // pino folds a cause's message into the wrapper's message and stack (not its other fields).
    const wrapped = new Error(`copy failed: ${statement}`, { cause: error });
    const out = capture();
    const logger = makeLogger('info', out.stream);
    logger.error({ err: error }, 'user copy failed');
    logger.error({ err: wrapped }, 'copy failed');
    const line = out.text();
    expect(line).toContain('CREATE USER');
    expect(line).toContain('1396');
    expect(line).not.toContain(hash);
    expect(line).not.toContain(hash.slice(1, 20));
  });
});
