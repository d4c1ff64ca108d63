import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/dispatch.ts';
import { fireTimer } from '../../src/operations/timers.ts';
import { expiryTimerId } from '../../src/operations/temporary-servers.ts';
import type { RequestContext } from '../../src/domain/identity.ts';
import { eventually, openTestCore, TestClock, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
const clock = new TestClock();
const alice: RequestContext = { user: { platform: 'shell', id: 'alice', name: 'alice' }, channelId: 'terminal', locale: 'en' };

beforeAll(async () => {
  t = await openTestCore('tempservers', { seed: true, clock });
  await t.startWorker();
});
afterAll(async () => {
  await t.dispose();
});

async function testedServer() {
  const outcome = await handleCommand(t.core, alice, '/migrate test mariadb-10.11-rebuild demo');
  const id = outcome.operations[0]!;
  await eventually(async () => ((await t.core.store.operations.get(id))?.status === 'succeeded' ? true : undefined), 120_000, 'the test');
  return (await t.core.store.temporaryServers.forOperation(id))!;
}

const alive = (row: Awaited<ReturnType<typeof testedServer>>) => t.core.engine.provisioner(row.provisioner).isAlive(row.handle as Record<string, unknown>);

describe('temporary servers', () => {
  it('outlive a restart within their time to live; past it, the restart destroys them', async () => {
    const server = await testedServer();
    await t.worker?.close();
    await t.startWorker();
    expect(await alive(server)).toBe(true);
    expect((await t.core.store.temporaryServers.get(server.id))?.destroyedAt).toBeNull();
    await t.worker?.close();
    clock.advance(3 * 3_600_000); // the rebuild migration keeps its temporary servers 2 hours
    await t.startWorker();
    expect(await alive(server)).toBe(false);
    expect((await t.core.store.temporaryServers.get(server.id))?.destroyedAt).not.toBeNull();
  });

  it('are destroyed by their expiry timer', async () => {
    const server = await testedServer();
    const timer = await t.core.store.timers.get(expiryTimerId(server.id));
    expect(timer?.dueAt.getTime()).toBe(server.expiresAt.getTime());
    await fireTimer(t.core, expiryTimerId(server.id));
    expect(await alive(server)).toBe(true); // not due yet: it only rescheduled itself
    clock.advance(3 * 3_600_000);
    await fireTimer(t.core, expiryTimerId(server.id));
    expect(await alive(server)).toBe(false);
    expect((await t.core.store.timers.get(expiryTimerId(server.id)))?.firedAt).not.toBeNull();
  });
});
