import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/dispatch.ts';
import type { Policy, Role } from '../../src/config/schema.ts';
import { handlePress, openLiveEnv, requestConfirm, as, type LiveEnv } from './helpers/live-env.ts';
import { approvalTimerId } from '../../src/operations/approval-expiry.ts';
import { fireTimer } from '../../src/operations/timers.ts';
import type { StoredFailure } from '../../src/messages/operation-view.ts';

// No worker runs here: these tests stop at the operation being created (or refused).
let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;
let offset = 0;

beforeAll(async () => {
  live = await openLiveEnv('runconfirm');
  rt = await live.open({ clock: { now: () => new Date(Date.now() + offset) } });
});
afterAll(async () => {
  await live?.dispose();
});
afterEach(async () => {
  offset = 0;
  rt.core.config.migrations[0]!.policy = {};
  setRole('alice', 'owner');
  const holder = await rt.core.store.operations.holderOf('acct');
  if (holder) await rt.core.store.operations.transition(holder.id, 'cancelled', new Date());
});

const setPolicy = (policy: Policy) => { rt.core.config.migrations[0]!.policy = policy; };
/** What an admin editing the config (and restarting the bot) does to a member. */
const setRole = (name: string, role: Role) => {
  const members = rt.core.config.accounts[0]!.members;
  const at = members.findIndex((m) => m.shell === name);
  members[at] = { ...members[at]!, role };
};
const finishedTest = async (id: string, status: 'succeeded' | 'failed', finishedAt: Date) => {
  await rt.core.store.operations.create({
    id, kind: 'test', accountId: 'acct', migrationId: 'm118', status: 'queued', requestedBy: 'shell:bob', requestedByName: 'bob',
    platform: 'shell', channelId: 'team', locale: 'en', sourceServer: 'local-10.11', targetServer: null, relatedOperationId: null,
  }, finishedAt);
  await rt.core.store.operations.transition(id, 'running', finishedAt);
  await rt.core.store.operations.transition(id, status, finishedAt);
};
const lastText = () => rt.chat.posts.at(-1)?.message.text ?? '';
const buttonsOf = (text: string) => {
  const post = [...rt.chat.posts].reverse().find((p) => p.message.text.startsWith(text));
  const actions = post?.message.blocks.find((b) => b.type === 'actions');
  return actions?.type === 'actions' ? actions.buttons : [];
};

describe('the run confirmation', () => {
  it('answers the requester alone with the documentation, incompatibilities, sizes, estimate, last test and deadline', async () => {
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct');
    const post = rt.chat.posts.at(-1)!;
    expect(post.destination.ephemeralTo).toBe('alice');
    const text = post.message.blocks.map((b) => ('text' in b ? b.text : '') + ('fields' in b && b.fields ? b.fields.map((f) => `${f.label}: ${f.value}`).join('\n') : '')).join('\n');
    expect(text).toContain('https://mariadb.com/kb/en/upgrading/');
    expect(text).toMatch(/lv_runconfirm_shop \([\d.]+ [KkMG]?B\)/);
    expect(text).toMatch(/Estimated downtime: about \d+(\.\d)? s \(from a default verification speed of \d+ MB\/s; a test measures it\); before it, the precopy takes about/);
    expect(text).toContain('Last test: never');
    expect(text).toMatch(/cannot be undone/);
    expect(buttonsOf('Confirm: migrate acct').map((b) => [b.label, b.style ?? 'default'])).toEqual([['Confirm', 'danger'], ['Cancel', 'default']]);
  });

  it('is bound to its requester, single-use, and refused once expired', async () => {
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    await handlePress(rt.core, as('dave'), confirm);
    expect(lastText()).toBe('This confirmation belongs to alice. Run the command yourself to get your own.');
    offset = 11 * 60_000;
    expect(await handlePress(rt.core, as('alice'), confirm)).toEqual({ operations: [] });
    expect(lastText()).toMatch(/^This confirmation expired at /);
    offset = 0;
    const cancel = buttonsOf('Confirm: migrate acct').find((b) => b.label === 'Cancel')!.actionId;
    const fresh = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    const freshCancel = buttonsOf('Confirm: migrate acct').find((b) => b.label === 'Cancel')!.actionId;
    expect(freshCancel).not.toBe(cancel);
    await handlePress(rt.core, as('alice'), freshCancel);
    await handlePress(rt.core, as('alice'), fresh);
    expect(lastText()).toBe('This was already answered by alice.');
  });

  it('is checked again when pressed: a test finished meanwhile makes it stale', async () => {
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    const now = new Date();
    await rt.core.store.operations.create({
      id: 'test-meanwhile', kind: 'test', accountId: 'acct', migrationId: 'm118', status: 'queued', requestedBy: 'shell:bob', requestedByName: 'bob',
      platform: 'shell', channelId: 'team', locale: 'en', sourceServer: 'local-10.11', targetServer: null, relatedOperationId: null,
    }, now);
    await rt.core.store.operations.transition('test-meanwhile', 'running', now);
    await rt.core.store.operations.transition('test-meanwhile', 'failed', now);
    await handlePress(rt.core, as('alice'), confirm);
    expect(lastText()).toBe('Things changed since this confirmation was made (last test - → test-meanwhile). Run the command again.');
  });

  it('requires a recent passed test when the policy says so', async () => {
    setPolicy({ requireTest: { withinDays: 7 } });
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct');
    expect(lastText()).toMatch(/^`m118` needs a test of `acct` that passed within 7 days before it can run \(last test: failed/);
  });

  it('asks the requester to type the account name when the policy says so', async () => {
    setPolicy({ typedConfirmation: true });
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    await handlePress(rt.core, as('alice'), confirm, 'acc');
    expect(lastText()).toBe('You typed `acc`; type the account name `acct` exactly to confirm.');
    const outcome = await handlePress(rt.core, as('alice'), confirm, 'acct');
    expect(outcome.operations).toHaveLength(1);
    expect((await rt.core.store.operations.get(outcome.operations[0]!))?.status).toBe('queued');
  });

  it('waits for a second owner to approve when the policy says so; nobody approves their own run', async () => {
    setPolicy({ approval: true });
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    const id = (await handlePress(rt.core, as('alice'), confirm)).operations[0]!;
    expect((await rt.core.store.operations.get(id))?.status).toBe('pending_approval');
    const approve = buttonsOf('alice requested the migration m118 of acct; an owner or admin').find((b) => b.label === 'Approve')!.actionId;
    await handlePress(rt.core, as('alice'), approve);
    expect(lastText()).toBe('Nobody approves their own run: another owner or admin of `acct` must approve it.');
    await handlePress(rt.core, as('bob'), approve);
    expect(lastText()).toMatch(/^You need the \*owner\* role on `acct`/);
    const outcome = await handlePress(rt.core, as('dave'), approve);
    expect(outcome.operations).toEqual([id]);
    expect((await rt.core.store.operations.get(id))?.status).toBe('queued');
    expect(rt.chat.posts.map((p) => p.message.text)).toContain('dave approved the migration m118 of acct.');
  });

  it('checks the presser\'s role again: an owner demoted since the confirmation was made cannot use it', async () => {
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    setRole('alice', 'operator');
    expect(await handlePress(rt.core, as('alice'), confirm)).toEqual({ operations: [] });
    expect(lastText()).toBe('You need the *owner* role on `acct` to run (your role: operator). Ask an owner of the account.');
    expect(await rt.core.store.operations.holderOf('acct')).toBeUndefined();
    setRole('alice', 'owner');
    // The refusal did not use the confirmation up: promoted back, the same press goes through.
    expect((await handlePress(rt.core, as('alice'), confirm)).operations).toHaveLength(1);
  });

  it('cancels a run whose approval waited longer than the policy allows (4 hours by default)', async () => {
    setPolicy({ approval: true });
    const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    const approve = buttonsOf('alice requested the migration m118 of acct').find((b) => b.label === 'Approve')!.actionId;
    offset = 4 * 3_600_000 + 60_000;
    expect(await handlePress(rt.core, as('dave'), approve)).toEqual({ operations: [] });
    const refusal = new RegExp(String.raw`^The run ${'`'}${id}${'`'} of ${'`'}acct${'`'} waited for approval past .+ and is cancelled\. Ask for it again with ${'`'}/migrate run m118 acct${'`'}\.$`);
    expect(lastText()).toMatch(refusal);
    expect(rt.chat.posts.filter((p) => p.destination.ephemeralTo === undefined).map((p) => p.message.text)).toContainEqual(expect.stringMatching(refusal));
    const op = await rt.core.store.operations.get(id);
    expect([op?.status, op?.approvedBy ?? null]).toEqual(['cancelled', null]);
    expect(await rt.core.store.operations.holderOf('acct')).toBeUndefined();
  });

  it('takes approvalTtlHours from the policy', async () => {
    setPolicy({ approval: true, approvalTtlHours: 1 });
    const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    const approve = buttonsOf('alice requested the migration m118 of acct').find((b) => b.label === 'Approve')!.actionId;
    offset = 61 * 60_000;
    await handlePress(rt.core, as('dave'), approve);
    expect(lastText()).toMatch(/waited for approval past .+ and is cancelled/);
    expect((await rt.core.store.operations.get(id))?.status).toBe('cancelled');
  });

  it('cancels a run left waiting past its approval deadline by itself, at its timer, and tells the team and the requester', async () => {
    setPolicy({ approval: true, approvalTtlHours: 0.5 });
    const id = (await handlePress(rt.core, as('alice', 'fr'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    const op = (await rt.core.store.operations.get(id))!;
    const timer = (await rt.core.store.timers.get(approvalTimerId(id)))!;
    expect([timer.kind, timer.subjectId, timer.dueAt.getTime() - op.createdAt.getTime()]).toEqual(['approval-expiry', id, 30 * 60_000]);
    // Rung early (a rebuilt Redis): nothing happens, it is scheduled again.
    await fireTimer(rt.core, timer.id);
    expect((await rt.core.store.operations.get(id))?.status).toBe('pending_approval');
    offset = 31 * 60_000;
    const before = rt.chat.posts.length;
    await fireTimer(rt.core, timer.id);
    const cancelled = (await rt.core.store.operations.get(id))!;
    expect([cancelled.status, (cancelled.error as StoredFailure).fact?.key]).toEqual(['cancelled', 'approval-expired']);
    expect(await rt.core.store.operations.holderOf('acct')).toBeUndefined();
    const told = rt.chat.posts.slice(before);
    expect(told.find((p) => !p.destination.ephemeralTo)?.message.text).toMatch(new RegExp(`^The run .${id}. of .acct. waited for approval past .+ and is cancelled\\.`));
    expect(told.find((p) => p.destination.ephemeralTo === 'alice')?.message.text).toMatch(new RegExp(`^La migration .${id}. de .acct. a attendu son approbation au-delà de .+ et est annulée\\.`));
    // An approval pressed afterwards is refused; the run stays cancelled.
    const approve = buttonsOf('alice requested the migration m118 of acct').find((b) => b.label === 'Approve')!.actionId;
    expect(await handlePress(rt.core, as('dave'), approve)).toEqual({ operations: [] });
    expect((await rt.core.store.operations.get(id))?.status).toBe('cancelled');
  });

  it('checks requireTest again at approval: a test recent enough when asked, too old when approved, cancels the run', async () => {
    setPolicy({ approval: true, requireTest: { withinDays: 7 }, approvalTtlHours: 10 * 24 });
    await finishedTest('test-aging', 'succeeded', new Date());
    const id = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    expect((await rt.core.store.operations.get(id))?.status).toBe('pending_approval');
    const approve = buttonsOf('alice requested the migration m118 of acct').find((b) => b.label === 'Approve')!.actionId;
    offset = 7 * 86_400_000 + 60_000;
    expect(await handlePress(rt.core, as('dave'), approve)).toEqual({ operations: [] });
    expect(lastText()).toBe(`The run \`${id}\` of \`acct\` is cancelled: \`m118\` needs a test that passed within 7 days (last test: succeeded 7 days ago). Test again with \`/migrate test m118 acct\`, then ask for the run again.`);
    expect((await rt.core.store.operations.get(id))?.status).toBe('cancelled');
  });
});
