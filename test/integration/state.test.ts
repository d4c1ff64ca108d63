import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../helpers/test-core.ts';
import type { NewOperation } from '../../src/state/operations-repo.ts';
import { LeaseLostError } from '../../src/errors.ts';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore('state');
});
afterAll(async () => {
  await t.dispose();
});

const newOp = (id: string, accountId = 'acct-a'): NewOperation => ({
  id, kind: 'test', accountId, migrationId: 'mariadb-11.8', status: 'queued', requestedBy: 'shell:alice', requestedByName: 'alice',
  platform: 'shell', channelId: 'terminal', locale: 'en', sourceServer: 'local-10.11', targetServer: null, relatedOperationId: null,
});

describe('operations in the state database', () => {
  it('holds one operation per account; a replayed id returns the first one', async () => {
    const now = new Date();
    const first = await t.core.store.operations.create(newOp('op-1'), now);
    expect('created' in first).toBe(true);
    const second = await t.core.store.operations.create(newOp('op-2'), now);
    expect('busy' in second && second.busy.id).toBe('op-1');
    const replay = await t.core.store.operations.create(newOp('op-1'), now);
    expect('existing' in replay && replay.existing.id).toBe('op-1');
  });

  it('applies a transition once under concurrency and frees the account at a final status', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => t.core.store.operations.transition('op-1', 'running', new Date())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await t.core.store.operations.transition('op-1', 'queued', new Date(), {}, ['pending_approval'])).toBe(false);
    expect(await t.core.store.operations.transition('op-1', 'succeeded', new Date())).toBe(true);
    expect(await t.core.store.operations.transition('op-1', 'failed', new Date())).toBe(false);
    expect(await t.core.store.operations.holderOf('acct-a')).toBeUndefined();
    expect('created' in await t.core.store.operations.create(newOp('op-3'), new Date())).toBe(true);
  });

  it('gives the worker lease to one worker at a time, and to another once it expired, with a new fencing token each claim', async () => {
    const now = new Date();
    const first = await t.core.store.operations.claimLease('op-3', 'w1', now, 60_000);
    expect(first).not.toBeNull();
    expect(await t.core.store.operations.claimLease('op-3', 'w2', now, 60_000)).toBeNull();
    const again = await t.core.store.operations.claimLease('op-3', 'w1', now, 60_000);
    expect(again?.token).toBe(first!.token + 1);
    const taken = await t.core.store.operations.claimLease('op-3', 'w2', new Date(now.getTime() + 61_000), 60_000);
    expect(taken?.token).toBe(first!.token + 2);
  });

  it('refuses every write of a worker whose lease was taken over (compare-and-set on the fencing token)', async () => {
    const now = new Date();
    const stale = t.core.store.operations.fenced((await t.core.store.operations.claimLease('op-3', 'w3', new Date(now.getTime() + 200_000), 1))!);
    const current = t.core.store.operations.fenced((await t.core.store.operations.claimLease('op-3', 'w4', new Date(now.getTime() + 300_000), 60_000))!);
    const before = await t.core.store.operations.steps('op-3');
    await expect(stale.journal('copy', 'started', null, now)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(stale.patch({ step: 'stale' }, now)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(stale.transition('running', now)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(stale.reload()).rejects.toBeInstanceOf(LeaseLostError);
    expect(await stale.renew('w3', now, 60_000)).toBe(false);
    await expect(t.core.store.accountStates.move('acct-a', 'local-10.11', 'local-10.11', {
      serverId: 'elsewhere', previousServerId: 'local-10.11', migrationId: 'm', runOperationId: 'op-3', rollbackDeadline: null, rollbackClosedAt: null,
    }, now, stale.fence)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await t.core.store.accountStates.get('acct-a')).toBeUndefined();
    expect(await t.core.store.operations.steps('op-3')).toEqual(before);
    await current.patch({ step: 'current' }, now);
    expect((await current.reload()).step).toBe('current');
    await current.release();
  });

  it('creates exactly one operation from 20 concurrent presses of one confirmation group', async () => {
    const now = new Date();
    await t.core.store.actions.create([
      { id: 'c-1', kind: 'confirm-run', accountId: 'acct-b', groupId: 'g-1', operationId: 'run-1', boundUser: 'shell:alice', createdAt: now },
      { id: 'x-1', kind: 'cancel-confirmation', accountId: 'acct-b', groupId: 'g-1', operationId: 'run-1', boundUser: 'shell:alice', createdAt: now },
    ]);
    const wins = await Promise.all(Array.from({ length: 20 }, () => t.core.store.actions.consumeGroup('g-1', 'shell:alice', new Date())));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await t.core.store.actions.get('x-1'))?.usedAt).not.toBeNull();
  });

  it('journals steps in order', async () => {
    await t.core.store.operations.journal('op-3', 'copy', 'started', null, new Date());
    await t.core.store.operations.journal('op-3', 'copy', 'done', { rows: 3 }, new Date());
    const steps = await t.core.store.operations.steps('op-3');
    expect(steps.map((s) => [s.step, s.state, s.detail])).toEqual([['copy', 'started', null], ['copy', 'done', { rows: 3 }]]);
  });
});
