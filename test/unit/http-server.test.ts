/**
 * The shared HTTP server's guard: a listener that throws, rejects or never
 * answers gets its request answered 500 and logged with a correlation id,
 * and the server goes on serving; what is not mounted is 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalProblem, startHttpServer, type RunningHttpServer } from '../../adapters/http-server.ts';
import { ValidationError } from '../../src/errors.ts';
import type { Logger } from '../../src/ports.ts';

const logged: { level: string; obj: Record<string, unknown>; msg: string | undefined }[] = [];
const logger: Logger = {
  info: (obj, msg) => void logged.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
  warn: (obj, msg) => void logged.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  error: (obj, msg) => void logged.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  child: () => logger,
};
let server: RunningHttpServer;
let url: string;

beforeAll(async () => {
  server = await startHttpServer(0, logger, { responseDeadlineMs: 300 });
  url = `http://127.0.0.1:${server.port}`;
  server.mount('/throws', () => {
    throw new TypeError("Cannot read properties of null (reading 'ssl_check')");
  });
  server.mount('/rejects', () => Promise.reject(new Error('a listener rejected')));
  server.mount('/silent', () => undefined);
  server.mount('/answers-then-throws', (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200);
    res.end('ok');
    throw new Error('after the answer');
  });
  server.mount('/ok/', (_req, res) => {
    res.writeHead(204);
    res.end();
  });
});

afterAll(() => server.stop());

const errorsAbout = (path: string) => logged.filter((l) => l.level === 'error' && l.obj['path'] === path);

describe('shared HTTP server', () => {
  it('answers 500 to a listener that throws or rejects, logs it with a correlation id, and keeps serving', async () => {
    expect((await fetch(`${url}/throws`, { method: 'POST' })).status).toBe(500);
    expect((await fetch(`${url}/rejects`)).status).toBe(500);
    for (const path of ['/throws', '/rejects']) {
      const [line] = errorsAbout(path);
      expect(line?.obj['correlationId']).toMatch(/^[0-9a-f]{8}$/);
      expect(line?.obj['err']).toBeInstanceOf(Error);
    }
    expect((await fetch(`${url}/ok/anything`)).status).toBe(204);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('answers 500 for a listener that never answers, once its deadline has passed', async () => {
    const started = Date.now();
    expect((await fetch(`${url}/silent`)).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(String((errorsAbout('/silent')[0]?.obj['err'] as Error | undefined)?.message)).toContain('no answer within 300 ms');
  });

  it('keeps the answer a listener gave before it threw, and logs the throw', async () => {
    const response = await fetch(`${url}/answers-then-throws`);
    expect([response.status, await response.text()]).toEqual([200, 'ok']);
    expect(errorsAbout('/answers-then-throws')).toHaveLength(1);
  });

  it('answers 404 to what no adapter mounted', async () => {
    expect((await fetch(`${url}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('logs what was wrong with a refused body without quoting it', () => {
    let parseError: Error | undefined;
    try {
      JSON.parse('hunter2-typed-secret');
    } catch (error) {
      parseError = error as Error;
    }
    expect(parseError?.message).toContain('hunter2');
    expect(refusalProblem(parseError!)).toBe('the JSON does not parse');
    expect(refusalProblem(new ValidationError('Slack interaction', [{ path: 'user', message: 'expected object, received null' }]))).toContain('user: expected object, received null');
  });
});
