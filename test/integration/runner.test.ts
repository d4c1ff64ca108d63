import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/dispatch.ts';
import { runOperation } from '../../src/operations/runner.ts';
import { JournalDetailError, LeaseHeldError, LeaseLostError } from '../../src/errors.ts';
import { LEASE_MS } from '../../src/operations/lease.ts';
import { journaledDetail } from '../../src/operations/steps/journal.ts';
import type { Executor } from '../../src/operations/context.ts';
import { step } from '../../src/operations/steps/step.ts';
import { z } from 'zod';
import type { RequestContext } from '../../src/domain/identity.ts';
import { openTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
const alice: RequestContext = { user: { platform: 'shell', id: 'alice', name: 'alice' }, channelId: 'terminal', locale: 'en' };
// No worker runs in this file: each test drives runOperation itself with its own executor.
beforeAll(async () => {
  t = await openTestCore('runner');
});
afterAll(async () => {
  await t.dispose();
});

async function queuedTest(): Promise<string> {
  const outcome = await handleCommand(t.core, alice, '/migrate test mariadb-10.11-rebuild demo');
  return outcome.operations[0]!;
}

const first = step('first', z.object({ copied: z.number() }));
const second = step('second', z.number());
const copy = step('copy', z.null());

const never: Executor = () => Promise.reject(new Error('not this kind'));

describe('the operation runner', () => {
  it('updates the operation message at most every 2 seconds, and the last progress is shown', async () => {
    const id = await queuedTest();
    const executor: Executor = async (ctx) => {
      for (let i = 1; i <= 50; i++) {
        ctx.progress({ step: 'copy', database: 'db', table: `t${i}`, bytesDone: i, bytesTotal: 50, rate: 1, etaSeconds: 1 });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 2100));
      return {};
    };
    await runOperation(t.core, id, 'w1', { test: executor, run: never, rollback: never });
    const posted = t.chat.posts.find((p) => p.message.operation?.id === id)!;
    const progress = t.chat.updates.filter((u) => u.id === posted.id && u.message.operation?.status === 'running');
    const gaps = progress.slice(1).map((u, i) => u.at - progress[i]!.at);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1900);
    expect(progress.at(-1)?.message.blocks.some((b) => b.type === 'progress' && b.label.startsWith('db.t50'))).toBe(true);
    expect((await t.core.store.operations.get(id))?.status).toBe('succeeded');
  });

  it('resumes after a crash without redoing journaled steps', async () => {
    const id = await queuedTest();
    const calls: string[] = [];
    const crashing: Executor = async (ctx) => {
      await ctx.step(first, () => {
        calls.push('first');
        return Promise.resolve({ copied: 3 });
      });
      throw Object.assign(new Error('worker killed'), { simulateCrash: true });
    };
    await runOperation(t.core, id, 'w1', { test: crashing, run: never, rollback: never });
    // A real crash leaves the operation running; put it back as a killed worker would leave it.
    expect((await t.core.store.operations.get(id))?.status).toBe('failed');
    const id2 = await queuedTest();
    await t.core.store.operations.transition(id2, 'running', new Date());
    await t.core.store.operations.journal(id2, 'first', 'done', { copied: 3 }, new Date());
    const resumed: Executor = async (ctx) => {
      const done = await ctx.step(first, () => {
        calls.push('first-again');
        return Promise.resolve({ copied: 0 });
      });
      await ctx.step(second, () => Promise.resolve(calls.push('second')));
      return { notes: [JSON.stringify(done)] };
    };
    await runOperation(t.core, id2, 'w2', { test: resumed, run: never, rollback: never });
    const op = await t.core.store.operations.get(id2);
    expect(op?.status).toBe('succeeded');
    expect(calls).toEqual(['first', 'second']);
    expect((op?.report as { notes: string[] }).notes).toEqual(['{"copied":3}']);
  });

  it('validates a journaled detail when it reads it back: a detail that does not match names the operation, step and issue', async () => {
    const id = await queuedTest();
    await t.core.store.operations.transition(id, 'running', new Date());
    await t.core.store.operations.journal(id, first.name, 'done', { copied: 'three' }, new Date());
    let ran = false;
    const resumed: Executor = async (ctx) => {
      await ctx.step(first, () => {
        ran = true;
        return Promise.resolve({ copied: 0 });
      });
      return {};
    };
    await runOperation(t.core, id, 'w1', { test: resumed, run: never, rollback: never });
    const op = await t.core.store.operations.get(id);
    expect(ran).toBe(false);
    expect(op?.status).toBe('failed');
    expect(JSON.stringify(op?.error)).toContain(`operation ${id}: the journal detail of step first is not valid: copied:`);
    await expect(journaledDetail(t.core, id, first)).rejects.toBeInstanceOf(JournalDetailError);
  });

  it('fails with the step and a reason that holds no secret', async () => {
    const id = await queuedTest();
    const failing: Executor = async (ctx) => {
      await ctx.step(copy, () => Promise.reject(new Error("CREATE USER 'app'@'%' IDENTIFIED BY 'hunter2' failed; password=hunter2")));
      return {};
    };
    await runOperation(t.core, id, 'w1', { test: failing, run: never, rollback: never });
    const op = await t.core.store.operations.get(id);
    expect(op?.status).toBe('failed');
    expect(op?.error).toMatchObject({ step: 'copy' });
    expect(JSON.stringify(op?.error)).not.toContain('hunter2');
    expect(t.chat.texts().join('\n')).not.toContain('hunter2');
    expect(t.logs.some((line) => line.includes('operation failed'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain('hunter2');
    expect(t.chat.texts().some((text) => text.includes('failed at copy'))).toBe(true);
  });

  it('refuses to run an operation whose lease another live worker holds', async () => {
    const id = await queuedTest();
    await t.core.store.operations.claimLease(id, 'other-worker', new Date(), 60_000);
    await expect(runOperation(t.core, id, 'w1', { test: never, run: never, rollback: never })).rejects.toBeInstanceOf(LeaseHeldError);
    expect((await t.core.store.operations.get(id))?.status).toBe('queued');
    await t.core.store.operations.transition(id, 'cancelled', new Date());
  });

  it('keeps renewing its lease through a step longer than the lease: another worker is refused all along', async () => {
    const id = await queuedTest();
    let refused = 0;
    const slow: Executor = async (ctx) => {
      await ctx.step(first, async () => {
        for (let waited = 0; waited < LEASE_MS + 4_000; waited += 1_000) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          if (!(await t.core.store.operations.claimLease(id, 'w-other', new Date(), LEASE_MS))) refused++;
        }
        return { copied: 1 };
      });
      return {};
    };
    await runOperation(t.core, id, 'w1', { test: slow, run: never, rollback: never });
    expect(refused).toBe(Math.ceil((LEASE_MS + 4_000) / 1_000));
    expect((await t.core.store.operations.get(id))?.status).toBe('succeeded');
  }, 30_000);

  it('stops at once, writing nothing more, when another worker took its lease over: the heartbeat aborts the step', async () => {
    const id = await queuedTest();
    let reason: unknown;
    let after = false;
    const takenOver: Executor = async (ctx) => {
      await ctx.step(first, async () => {
        // Another worker claims as if this one had stalled past its lease.
        await t.core.store.operations.claimLease(id, 'w-other', new Date(Date.now() + LEASE_MS + 1_000), LEASE_MS);
        // The heartbeat may already have seen the takeover while the claim was in flight: an aborted signal fires no event.
        await new Promise<void>((resolve) => {
          if (ctx.signal.aborted) resolve();
          else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        reason = ctx.signal.reason;
        throw new Error('copy aborted');
      });
      after = true;
      return {};
    };
    await runOperation(t.core, id, 'w1', { test: takenOver, run: never, rollback: never });
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect(after).toBe(false);
    const op = await t.core.store.operations.get(id);
    expect(op).toMatchObject({ status: 'running', leaseOwner: 'w-other', error: null });
    // Journaled started by w1 before the takeover; no failure row, nothing after.
    expect((await t.core.store.operations.steps(id)).map((s) => `${s.step}:${s.state}`)).toEqual(['first:started']);
    expect(t.logs.some((line) => line.includes('lease lost'))).toBe(true);
    await t.core.store.operations.transition(id, 'cancelled', new Date());
  }, 30_000);

  it('audits every command with who, platform, account, what and result', async () => {
    await handleCommand(t.core, { ...alice, user: { platform: 'shell', id: 'carol', name: 'carol' } }, '/migrate run mariadb-11.8 demo');
    const [entry] = await t.core.store.audit.forAccount('demo', 1);
    expect(entry).toMatchObject({ platform: 'shell', userId: 'shell:carol', accountId: 'demo', action: 'run', result: 'refused', detail: 'permission-denied' });
  });
});
