/**
 * The Slack edge's two checks on their own: Slack's signature (the exact
 * bytes, the 5-minute window) and the shapes Slack sends, reduced to the
 * fields Bolt and the handlers read.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.ts';
import { verifySlackSignature } from '../../adapters/slack/slack-edge.ts';
import { isSslCheck, readSlackRequest } from '../../adapters/slack/slack-request.ts';
import { slackSignature } from '../helpers/fake-slack-peer.ts';
import { knownKillers, slackShapes } from '../helpers/malformed-slack.ts';

const form = 'application/x-www-form-urlencoded';
const shapes = slackShapes('https://hooks.slack.com/commands/T0FAKE/1/abc');
const asForm = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Slack signature', () => {
  const secret = 'unit-secret';
  const now = 1_700_000_000;
  const body = Buffer.from('command=%2Fmigrate&text=h%C3%A9');

  it('accepts Slack\'s HMAC of v0:timestamp:body and refuses a changed body, another secret, a stale or future timestamp', () => {
    const signature = slackSignature(secret, now, body.toString('utf8'));
    expect(verifySlackSignature(secret, signature, String(now), body, now * 1000)).toBe(true);
    expect(verifySlackSignature(secret, signature, String(now), Buffer.from('command=%2Fmigrate'), now * 1000)).toBe(false);
    expect(verifySlackSignature('other', signature, String(now), body, now * 1000)).toBe(false);
    expect(verifySlackSignature(secret, signature, String(now), body, (now + 301) * 1000)).toBe(false);
    expect(verifySlackSignature(secret, signature, String(now), body, (now - 301) * 1000)).toBe(false);
  });

  it('refuses a missing, malformed or non-v0 signature and a timestamp that is not a number', () => {
    const signature = slackSignature(secret, now, body.toString('utf8'));
    for (const [sig, ts] of [[undefined, String(now)], [signature, undefined], ['v0=zz', String(now)], [signature.replace('v0=', 'v1='), String(now)], [signature, 'NaN'], [`${signature}00`, String(now)]] as const) {
      expect(verifySlackSignature(secret, sig, ts, body, now * 1000), `${sig} ${ts}`).toBe(false);
    }
  });
});

describe('Slack request shapes', () => {
  it('passes a slash command, a press, a modal submission and both events, keeping only the fields it knows', () => {
    const command = readSlackRequest(asForm({ ...(shapes.command as Record<string, string>), extra: 'dropped' }), form);
    expect(command).toMatchObject({ command: '/migrate', text: 'help', user_id: 'U0FUZZ', channel_id: 'C0FUZZ' });
    expect(command).not.toHaveProperty('extra');
    const press = readSlackRequest(asForm({ payload: JSON.stringify({ ...(shapes.blockActions as object), name: 'would make Bolt see an options request' }) }), form);
    expect(press).toMatchObject({ type: 'block_actions', user: { id: 'U0FUZZ' }, actions: [{ action_id: 'fuzz-unknown-action' }] });
    expect(press).not.toHaveProperty('name');
    expect(press).not.toHaveProperty('message.blocks');
    expect(readSlackRequest(asForm({ payload: JSON.stringify(shapes.viewSubmission) }), form)).toMatchObject({ type: 'view_submission', view: { callback_id: 'migrate-press' } });
    for (const event of shapes.events) expect(readSlackRequest(JSON.stringify(event), 'application/json; charset=utf-8')).toMatchObject({ type: (event as { type: string }).type });
  });

  it('refuses every reported killer: payload=null, a JSON null, a press whose user or actions is null...', () => {
    const killers = knownKillers(shapes).filter((k) => !isSslCheck(k.body, k.contentType));
    expect(killers.map((k) => k.body)).toContain('payload=null');
    for (const killer of killers) {
      let refusal: unknown;
      try {
        readSlackRequest(killer.body, killer.contentType);
      } catch (error) {
        refusal = error;
      }
      // The two refusals the edge answers 400: a shape Slack never sends, or JSON that does not parse.
      expect(refusal instanceof ValidationError || refusal instanceof SyntaxError, `${killer.contentType} ${killer.body}`).toBe(true);
    }
  });

  it('refuses a command without a slash, a repeated field, a response_url that is not http(s), another modal, an event the app does not subscribe to', () => {
    const fields = shapes.command as Record<string, string>;
    expect(() => readSlackRequest(asForm({ ...fields, command: 'migrate' }), form)).toThrow(ValidationError);
    expect(() => readSlackRequest(`${asForm(fields)}&user_id=U0OTHER`, form)).toThrow(ValidationError);
    expect(() => readSlackRequest(asForm({ ...fields, response_url: 'file:///etc/passwd' }), form)).toThrow(ValidationError);
    const view = shapes.viewSubmission as { view: object };
    expect(() => readSlackRequest(asForm({ payload: JSON.stringify({ ...view, view: { ...view.view, callback_id: 'other' } }) }), form)).toThrow(ValidationError);
    expect(() => readSlackRequest(JSON.stringify({ ...(shapes.events[1] as object), event: { type: 'message', text: 'hi' } }), 'application/json')).toThrow(ValidationError);
    expect(() => readSlackRequest('text', 'text/plain')).toThrow(ValidationError);
  });

  it('knows Slack\'s unsigned SSL check, and nothing else as one', () => {
    expect(isSslCheck('ssl_check=1&token=x', form)).toBe(true);
    expect(isSslCheck('ssl_check=1', 'application/json')).toBe(false);
    expect(isSslCheck('ssl_check=0', form)).toBe(false);
  });
});
