/**
 * Discord in HTTP-interactions mode: the scenarios of both modes, and what
 * only an endpoint has: PING, signatures (forged, missing, stale or made
 * with another key: 401, nothing changes) and bodies Discord would never send.
 */
import { expect, it } from 'vitest';
import { discordScenarios } from '../helpers/fake-discord-scenarios.ts';
import { discordKeys, signBody } from '../helpers/fake-discord-peer.ts';
import { stateRows } from '../helpers/fake-discord-expect.ts';
import { discordUsers } from '../helpers/fake-discord-bot.ts';

discordScenarios('http', ({ fake, bot }) => {
  const counts = async () => [
    await stateRows(bot().env.MIGRATE_BOT_STATE_URL, 'SELECT COUNT(*) AS n FROM audit_log'),
    await stateRows(bot().env.MIGRATE_BOT_STATE_URL, 'SELECT COUNT(*) AS n FROM operations'),
  ];

  it('answers PING with PONG', async () => {
    const sent = await bot().peer.post(JSON.stringify({ id: '800000000000000001', application_id: '300000000000000001', type: 1, token: 'ping-token', version: 1 }));
    expect([sent.status, JSON.parse(sent.text)]).toEqual([200, { type: 1 }]);
  });

  it('answers a forged, a missing, a 6-minute-old signature or another key with 401, and changes nothing', async () => {
    const before = await counts();
    const from = fake.calls.length;
    const { body } = bot().peer.payload(discordUsers.bob, 2, { name: 'migrate', type: 1, options: [{ name: 'test', type: 1, options: [{ name: 'migration', type: 3, value: 'mariadb-11.8' }] }] });
    const text = JSON.stringify(body);
    const now = Math.floor(Date.now() / 1000);
    const forged = await bot().peer.post(text, { signature: '0'.repeat(128) });
    const missing = await bot().peer.post(text, { signature: null });
    const stale = await bot().peer.post(text, { timestamp: now - 6 * 60 });
    const otherKey = await bot().peer.post(text, { timestamp: now, signature: signBody(discordKeys().privateKey, now, text) });
    const tampered = await bot().peer.post(text.replace('mariadb-11.8', 'mariadb-10.11-rebuild'), { timestamp: now, signature: signBody(discordKeys().privateKey, now, text) });
    expect([forged.status, missing.status, stale.status, otherKey.status, tampered.status]).toEqual([401, 401, 401, 401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fake.calls.slice(from)).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('answers 400 to signed bodies Discord would never send, and keeps serving', async () => {
    const bad = ['not json', '{"type":2}', JSON.stringify({ type: 3, id: 'x', token: 't', application_id: '1', data: {} }), JSON.stringify({ type: 99 }), '[]'];
    for (const text of bad) expect((await bot().peer.post(text)).status, text).toBe(400);
    const sent = await bot().peer.post(JSON.stringify({ id: '800000000000000002', application_id: '300000000000000001', type: 1, token: 'ping-token', version: 1 }));
    expect(sent.status).toBe(200);
  });
});
