/**
 * HTTP interactions: Discord POSTs each interaction to /discord/interactions,
 * signed with Ed25519 over `X-Signature-Timestamp + raw body`. A bad,
 * missing or stale signature gets 401 before anything is read (Discord
 * sends invalid ones on purpose and removes endpoints that accept them);
 * a body Discord would never send gets 400. The first answer is the HTTP
 * response; the work starts once it is sent.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, refusalProblem, sendStatus as send } from '../http-server.ts';
import { ValidationError } from '../../src/errors.ts';
import type { Locale } from '../../src/messages/model.ts';
import type { Logger } from '../../src/ports.ts';
import type { Answer } from './discord-handlers.ts';
import { readInteraction, type DiscordRequest } from './interaction.ts';

export const interactionsPath = '/discord/interactions';

const maxBodyBytes = 256 * 1024;
/** Older (or further ahead) than this, a signed request is a replay: refused like a forgery. */
const maxSkewSeconds = 5 * 60;
/** An Ed25519 SPKI DER is this fixed prefix followed by the 32 raw key bytes. */
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([spkiPrefix, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** True when `signature` (hex) signs `timestamp + body` and the timestamp is recent. */
export function verifySignature(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer, nowMs = Date.now()): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
}

export interface HttpInteractionsOptions {
  readonly publicKey: string;
  readonly defaultLocale: Locale;
  readonly logger: Logger;
  readonly answer: (request: DiscordRequest) => Promise<Answer>;
}

export function httpInteractionsListener(options: HttpInteractionsOptions) {
  const key = publicKeyFromHex(options.publicKey);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return send(res, 405);
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) return send(res, 413);
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (!verifySignature(key, typeof signature === 'string' ? signature : undefined, typeof timestamp === 'string' ? timestamp : undefined, body)) {
      return send(res, 401, { error: 'invalid request signature' });
    }
    let request: DiscordRequest;
    try {
      request = readInteraction(JSON.parse(body.toString('utf8')), options.defaultLocale);
    } catch (error) {
      if (!(error instanceof ValidationError) && !(error instanceof SyntaxError)) throw error;
      options.logger.warn({ problem: refusalProblem(error) }, 'discord: an interaction Discord would not send; 400');
      return send(res, 400, { error: 'malformed interaction' });
    }
    const answer = await options.answer(request);
    await send(res, 200, answer.initial);
    if (answer.work) void answer.work();
  };
}
