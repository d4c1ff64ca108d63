/**
 * What stands between /slack/events and Bolt. Bolt's HTTPReceiver reads
 * fields of the parsed body outside any try (`body.ssl_check` of a
 * `payload=null` is a TypeError that escapes as an unhandled rejection) and
 * its middleware answers 500 to a press whose `user` is null; so Bolt only
 * ever gets a body this edge has checked: signed by Slack (401 otherwise,
 * as Bolt answers), recent, and of a shape Slack sends (400 otherwise).
 * The receiver then gets the validated fields alone, already verified.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, refusalProblem, sendStatus, type Listener } from '../http-server.ts';
import { ValidationError } from '../../src/errors.ts';
import type { Logger } from '../../src/ports.ts';
import { isSslCheck, readSlackRequest } from './slack-request.ts';

export const eventsPath = '/slack/events';

/** Slack's requests are a few kilobytes; Bolt's own limit is 4 MB. */
const maxBodyBytes = 256 * 1024;
/** Slack's (and Bolt's) replay window. */
const maxSkewSeconds = 5 * 60;

/** True when `signature` (`v0=<hex>`) is Slack's HMAC-SHA256 of `v0:<timestamp>:<body>` and the timestamp is recent. */
export function verifySlackSignature(secret: string, signature: string | undefined, timestamp: string | undefined, body: Buffer, nowMs = Date.now()): boolean {
  if (!signature || !timestamp || !/^v0=[0-9a-f]{64}$/.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return false;
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(signature.slice(3), 'hex'));
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The listener for /slack/events: checks and validates, then hands Bolt's
 * receiver (built with its own verification off: it is done here) a
 * request whose body is already read and is the validated JSON.
 */
export function slackEdge(bolt: (req: IncomingMessage, res: ServerResponse) => void, signingSecret: string, logger: Logger): Listener {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== eventsPath) return sendStatus(res, 404);
    if (req.method !== 'POST') return sendStatus(res, 405);
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) return sendStatus(res, 413);
    const contentType = header(req, 'content-type');
    const text = body.toString('utf8');
    // Slack checks the certificate with an unsigned form; it wants a 200 and nothing else happens.
    if (isSslCheck(text, contentType)) return sendStatus(res, 200);
    if (!verifySlackSignature(signingSecret, header(req, 'x-slack-signature'), header(req, 'x-slack-request-timestamp'), body)) return sendStatus(res, 401);
    let checked: object;
    try {
      checked = readSlackRequest(text, contentType);
    } catch (error) {
      if (!(error instanceof ValidationError) && !(error instanceof SyntaxError)) throw error;
      logger.warn({ problem: refusalProblem(error) }, 'slack: a request Slack would not send; 400');
      return sendStatus(res, 400);
    }
    // Bolt reads `rawBody` when it is there instead of the (consumed) stream, and parses it as the content type says.
    Object.assign(req, { rawBody: Buffer.from(JSON.stringify(checked)) });
    req.headers['content-type'] = 'application/json';
    bolt(req, res);
  };
}
