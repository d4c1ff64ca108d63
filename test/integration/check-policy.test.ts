/**
 * The `requireCheck` policy of a run and an admin's override, in the core,
 * on the run tests' live environment. The last checks are stored here
 * directly (clean, or with a made-up blocker): what is tested is the
 * policy, whatever the rules find on the account.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { handleCommand, handleStructuredCommand } from '../../src/commands/dispatch.ts';
import type { Policy } from '../../src/config/schema.ts';
import type { CheckReport } from '../../src/drivers/reports.ts';
import { as, handlePress, openLiveEnv, requestConfirm, type LiveEnv } from './helpers/live-env.ts';

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;

beforeAll(async () => {
  live = await openLiveEnv('checkpol');
  rt = await live.open();
}, 240_000);
afterAll(async () => {
  await live?.dispose();
}, 120_000);
afterEach(async () => {
  rt.core.config.migrations[0]!.policy = {};
  const holder = await rt.core.store.operations.holderOf('acct');
  if (holder) await rt.core.store.operations.transition(holder.id, 'cancelled', new Date());
  const state = await mysql.createConnection(live.env.MIGRATE_BOT_STATE_URL);
  await state.query('DELETE FROM check_results');
  await state.end();
});

const setPolicy = (policy: Policy) => { rt.core.config.migrations[0]!.policy = policy; };
const lastText = () => rt.chat.posts.at(-1)?.message.text ?? '';
const blockTexts = () => rt.chat.posts.at(-1)?.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n') ?? '';
const report = (blockers: number): CheckReport => ({
  direction: 'upgrade', sourceVersion: '10.11.19', targetVersion: '11.8', targetRead: true, rulesRun: ['made-up'], durationMs: 10,
  findings: Array.from({ length: blockers }, (_, i) => ({
    rule: i === 0 ? 'made-up' : `made-up-${i}`, severity: 'blocker' as const, docs: 'https://mariadb.com/kb/en/', objects: [{ database: 'lv_checkpol_shop', object: 'orders' }],
    text: { en: { title: 'A made-up blocker', explanation: 'e', fix: 'f' }, fr: { title: 'Un bloquant inventé', explanation: 'e', fix: 'c' } },
  })),
});
const saveCheck = (blockers: number, options: { at?: Date; serverId?: string } = {}) => rt.core.store.checks.save({
  accountId: 'acct', migrationId: 'm118', serverId: options.serverId ?? 'local-10.11', report: report(blockers), requestedBy: 'shell:bob',
}, options.at ?? new Date());
/** The override entries of the audit log written since `since` (the log keeps every test's). */
/** The Approve button of the latest approval request for a run `user` asked for. */
const approveOf = (user: string) => {
  const post = [...rt.chat.posts].reverse().find((p) => p.message.text.startsWith(`${user} requested the migration m118 of acct`));
  const actions = post?.message.blocks.find((b) => b.type === 'actions');
  const approve = actions?.type === 'actions' ? actions.buttons.find((b) => b.label === 'Approve') : undefined;
  if (!approve) throw new Error(`no approval request for ${user}`);
  return approve.actionId;
};
const overrideAudits = async (since: number) => (await rt.core.store.audit.forAccount('acct')).filter((a) => a.action === 'override-check' && a.id > since);
const lastAuditId = async () => (await rt.core.store.audit.forAccount('acct', 1))[0]?.id ?? 0;

describe('the requireCheck policy', () => {
  it('refuses a run never checked, or whose last check found blockers, and lets a clean one through', async () => {
    setPolicy({ requireCheck: true });
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct');
    expect(lastText()).toBe('`m118` needs a check of `acct` without blockers before it can run (last check: never checked). Run `/migrate check m118 acct`, fix what it finds, then ask again. An admin may run it anyway: `/migrate run m118 acct --override-check "reason"`.');
    await saveCheck(1);
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct');
    expect(lastText()).toMatch(/^`m118` needs a check of `acct` without blockers before it can run \(last check: checked \d+ s ago \(blockers: 1, warnings: 0\)\)/);
    await saveCheck(0);
    expect(await requestConfirm(rt, 'alice', '/migrate run m118 acct')).toMatch(/^c-/);
  });

  it('refuses a check older than withinDays, or made on another server', async () => {
    setPolicy({ requireCheck: { withinDays: 2 } });
    await saveCheck(0, { at: new Date(Date.now() - 3 * 86_400_000) });
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct');
    expect(lastText()).toMatch(/^`m118` needs a check of `acct` without blockers, made within 2 days, before it can run \(last check: checked 3 days ago/);
    await saveCheck(0, { serverId: 'target-11.8' });
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct');
    expect(lastText()).toMatch(/\(last check: checked \d+ s ago on target-11\.8, where the account no longer is\)/);
  });

  it('is checked again when Confirm is pressed', async () => {
    setPolicy({ requireCheck: true });
    await saveCheck(0);
    const confirm = await requestConfirm(rt, 'alice', '/migrate run m118 acct');
    await saveCheck(2);
    expect(await handlePress(rt.core, as('alice'), confirm)).toEqual({ operations: [] });
    expect(lastText()).toMatch(/^`m118` needs a check of `acct` without blockers .*blockers: 2/);
    expect(await rt.core.store.operations.holderOf('acct')).toBeUndefined();
  });

  it('may be overridden by an admin alone, with a reason written to the audit log when the run is confirmed', async () => {
    setPolicy({ requireCheck: true });
    await saveCheck(1);
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct --override-check "we know"');
    expect(lastText()).toBe('Only an admin may override the check policy with `--override-check` (your role on `acct`: owner). Fix what `/migrate check m118 acct` finds, or ask an admin.');
    const since = await lastAuditId();
    const confirm = await requestConfirm(rt, 'root', '/migrate run m118 acct --override-check "the customer accepts the risk, ticket 4711"');
    expect(blockTexts()).toContain('*Check policy overridden by root: the customer accepts the risk, ticket 4711*');
    expect(blockTexts()).toContain('• [blocker] A made-up blocker (`made-up`): 1');
    expect(await overrideAudits(since)).toEqual([]);
    const { operations: [id] } = await handlePress(rt.core, as('root'), confirm);
    expect((await rt.core.store.operations.get(id!))?.status).toBe('queued');
    const [audit, ...more] = await overrideAudits(since);
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ userId: 'shell:root', result: 'ok', detail: `${id} blockers: the customer accepts the risk, ticket 4711` });
  });

  it('records no override when nothing was overridden, and takes an empty typed reason as none', async () => {
    setPolicy({ requireCheck: true });
    await saveCheck(0);
    const since = await lastAuditId();
    const confirm = await requestConfirm(rt, 'root', '/migrate run m118 acct --override-check not needed');
    expect(blockTexts()).not.toContain('Check policy overridden');
    expect((await handlePress(rt.core, as('root'), confirm)).operations).toHaveLength(1);
    expect(await overrideAudits(since)).toEqual([]);
    await rt.core.store.operations.transition((await rt.core.store.operations.holderOf('acct'))!.id, 'cancelled', new Date());
    await saveCheck(1);
    await handleStructuredCommand(rt.core, as('root'), { name: 'run', migration: 'm118', account: 'acct', overrideCheck: '  ' });
    expect(lastText()).toMatch(/^`m118` needs a check of `acct` without blockers/);
  });

  it('is checked again at approval, unless an admin overrode it for this run', async () => {
    setPolicy({ requireCheck: true, approval: true });
    await saveCheck(0);
    const first = (await handlePress(rt.core, as('alice'), await requestConfirm(rt, 'alice', '/migrate run m118 acct'))).operations[0]!;
    await saveCheck(1);
    expect(await handlePress(rt.core, as('dave'), approveOf('alice'))).toEqual({ operations: [] });
    expect(lastText()).toMatch(new RegExp(`^The run \`${first}\` of \`acct\` is cancelled: \`m118\` needs a check without blockers \\(last check: checked \\d+ s ago \\(blockers: 1, warnings: 0\\)\\)`));
    expect((await rt.core.store.operations.get(first))?.status).toBe('cancelled');
    const overridden = (await handlePress(rt.core, as('root'), await requestConfirm(rt, 'root', '/migrate run m118 acct --override-check known issue'))).operations[0]!;
    expect((await handlePress(rt.core, as('dave'), approveOf('root'))).operations).toEqual([overridden]);
    expect((await rt.core.store.operations.get(overridden))?.status).toBe('queued');
  });
});
