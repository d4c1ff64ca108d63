/**
 * The Slack ChatPort against the fake Web API, through the real WebClient:
 * what the bot's messages become on the wire when Slack rate limits, and
 * the contract of ports.ts (ephemerals return null, a gone message is a
 * no-op, the reader's language from users.info).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { makeLogger } from '../../jobs/bootstrap.ts';
import { SlackChatPort } from '../../adapters/slack/slack-chat-port.ts';
import type { Message } from '../../src/messages/model.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';

const fake = new FakeSlack();
let port: SlackChatPort;

const message = (text: string): Message => ({ text, blocks: [{ type: 'section', text }] });

beforeAll(async () => {
  await fake.start();
  const client = new webApi.WebClient('xoxb-port-test', { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  port = new SlackChatPort(client, { defaultLocale: 'en', logger: makeLogger('error') });
});

afterAll(async () => {
  await fake.stop();
});

describe('SlackChatPort', () => {
  it('holds a channel for Retry-After on a 429, then sends the same message once, and the later ones after it, in order', async () => {
    const from = fake.calls.length;
    fake.rateLimitOnce('chat.postMessage', 1);
    const sends = [
      port.post({ platform: 'slack', channelId: 'C1' }, message('first')),
      port.post({ platform: 'slack', channelId: 'C1' }, message('second')),
      port.post({ platform: 'slack', channelId: 'C1' }, message('third')),
    ];
    const handles = await Promise.all(sends);
    const posts = fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => `${String(c.body['text'])}:${c.status}`)).toEqual(['first:429', 'first:200', 'second:200', 'third:200']);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(handles.every((h) => h?.platform === 'slack' && h.channelId === 'C1')).toBe(true);
    expect(new Set(handles.map((h) => h?.messageId)).size).toBe(3);
  });

  it('does not hold other channels while one waits for its Retry-After', async () => {
    const from = fake.calls.length;
    fake.rateLimitOnce('chat.postMessage', 2);
    const slow = port.post({ platform: 'slack', channelId: 'C2' }, message('held'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await port.post({ platform: 'slack', channelId: 'C3' }, message('free'));
    expect(Date.now() - started).toBeLessThan(1000);
    await slow;
    const texts = fake.calls.slice(from).filter((c) => c.status === 200).map((c) => c.body['text']);
    expect(texts).toEqual(['free', 'held']);
  });

  it('keeps an update behind the post it follows, and updates with the bot token', async () => {
    const from = fake.calls.length;
    fake.rateLimitOnce('chat.update', 1);
    const handle = await port.post({ platform: 'slack', channelId: 'C4' }, message('v1'));
    expect(handle).not.toBeNull();
    const updates = [port.update(handle!, message('v2')), port.update(handle!, message('v3'))];
    await Promise.all(updates);
    const calls = fake.calls.slice(from).filter((c) => c.method === 'chat.update');
    expect(calls.map((c) => `${String(c.body['text'])}:${c.status}`)).toEqual(['v2:429', 'v2:200', 'v3:200']);
    expect(calls.every((c) => c.authorization === 'Bearer xoxb-port-test')).toBe(true);
    expect(fake.messages.get(handle!.messageId)?.text).toBe('v3');
  });

  it('posts ephemerals with chat.postEphemeral and returns no handle for them', async () => {
    const handle = await port.post({ platform: 'slack', channelId: 'C5', ephemeralTo: 'U1' }, message('for you'));
    expect(handle).toBeNull();
    const call = fake.calls.at(-1)!;
    expect(call.method).toBe('chat.postEphemeral');
    expect(call.body).toMatchObject({ channel: 'C5', user: 'U1', text: 'for you' });
  });

  it('treats an update of a message Slack no longer knows as a no-op', async () => {
    await expect(port.update({ platform: 'slack', channelId: 'C6', messageId: '1.000' }, message('gone'))).resolves.toBeUndefined();
  });

  it("reads the user's language from users.info with include_locale, once", async () => {
    fake.locales.set('UFR', 'fr-CA');
    fake.locales.set('UEN', 'en-GB');
    expect(await port.localeOf('UFR')).toBe('fr');
    expect(await port.localeOf('UFR')).toBe('fr');
    expect(await port.localeOf('UEN')).toBe('en');
    const calls = fake.callsOf('users.info').filter((c) => c.body['user'] === 'UFR');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body['include_locale']).toBe('true');
  });
});
