/**
 * `/migrate check` in the core, on the run tests' live environment: the
 * account `acct` on the host's 10.11 (its table lv_checkcmd_blog.log has no
 * key), the migration's target a real 11.8. Assertions name the
 * no-primary-key rule and the report's structure only: other rules may be
 * added at any time and find other things.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { handleCommand } from '../../src/commands/dispatch.ts';
import type { Message } from '../../src/messages/model.ts';
import type { CheckReport } from '../../src/drivers/reports.ts';
import { as, openLiveEnv, type LiveEnv } from './helpers/live-env.ts';

let live: LiveEnv;
let rt: Awaited<ReturnType<LiveEnv['open']>>;

beforeAll(async () => {
  live = await openLiveEnv('checkcmd');
  rt = await live.open();
}, 240_000);
afterAll(async () => {
  await live?.dispose();
}, 120_000);
afterEach(async () => {
  const state = await mysql.createConnection(live.env.MIGRATE_BOT_STATE_URL);
  await state.query('DELETE FROM account_states');
  await state.end();
});

const lastPost = () => rt.chat.posts.at(-1)!;
const allText = (message: Message) => message.blocks.map((b) => ('text' in b ? b.text : '') + ('fields' in b && b.fields ? b.fields.map((f) => `\n${f.label}: ${f.value}`).join('') : '')).join('\n');
const counts = (report: CheckReport) => ({
  blockers: report.findings.filter((f) => f.severity === 'blocker').length, warnings: report.findings.filter((f) => f.severity === 'warning').length,
});

describe('/migrate check', () => {
  it('runs the rules against the account on its server, compares with the reachable target, answers the requester alone and stores the check', async () => {
    const started = Date.now();
    await handleCommand(rt.core, as('bob'), '/migrate check m118 acct');
    const seconds = (Date.now() - started) / 1000;
    const post = lastPost();
    expect(post.destination.ephemeralTo).toBe('bob');
    expect(post.message.text.split('\n')[0]).toBe('Check of acct for m118');
    const [report, ...others] = post.message.check?.reports ?? [];
    expect(others).toEqual([]);
    expect(report).toMatchObject({ direction: 'upgrade', targetVersion: '11.8', targetRead: true });
    expect(report?.sourceVersion).toMatch(/^10\.11\./);
    expect(report?.rulesRun).toContain('no-primary-key');
    const noKey = report?.findings.find((f) => f.rule === 'no-primary-key');
    expect(noKey?.objects).toEqual([{ database: live.databases[1], object: 'log' }]);
    expect(allText(post.message)).toContain(`\`${live.databases[1]}.log\``);
    expect(allText(post.message)).toContain('The settings of the target server `target-11.8` were compared.');
    expect(seconds).toBeLessThan(20);
    const stored = await rt.core.store.checks.last('acct', 'm118');
    expect(stored?.report).toEqual(report);
    expect([stored?.serverId, stored?.requestedBy]).toEqual(['local-10.11', 'shell:bob']);
    expect(stored?.counts.notice).toBe(report!.findings.filter((f) => f.severity === 'notice').length);
  });

  it('is for operators and up', async () => {
    await handleCommand(rt.core, as('carol'), '/migrate check m118 acct');
    expect(lastPost().message.text).toBe('You need the *operator* role on `acct` to check (your role: viewer). Ask an owner of the account.');
    await handleCommand(rt.core, as('bob'), '/migrate check m11 acct');
    expect(lastPost().message.text).toBe('Unknown migration `m11`. Did you mean `m118`? Available: m118.');
  });

  it('shows the last check in /migrate list and in the run confirmation, with its blockers and warnings', async () => {
    await handleCommand(rt.core, as('bob'), '/migrate check m118 acct');
    const report = lastPost().message.check!.reports[0]!;
    const { blockers, warnings } = counts(report);
    await handleCommand(rt.core, as('alice'), '/migrate list acct');
    expect(lastPost().message.text).toMatch(new RegExp(`Last check: checked \\d+ s ago \\(blockers: ${blockers}, warnings: ${warnings}\\)$`));
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct');
    const confirmation = allText(lastPost().message);
    expect(confirmation).toMatch(new RegExp(`Last check: checked \\d+ s ago \\(blockers: ${blockers}, warnings: ${warnings}\\)`));
    for (const finding of report.findings.filter((f) => f.severity !== 'notice')) expect(confirmation).toContain(`(\`${finding.rule}\`)`);
    // Notices stay in the check's answer: the confirmation lists what may stop the run or change behaviour.
    expect(confirmation).not.toContain('(`no-primary-key`)');
    const blocked: CheckReport = { ...report, findings: [...report.findings, { ...report.findings.find((f) => f.rule === 'no-primary-key')!, rule: 'made-up-blocker', severity: 'blocker' }] };
    await rt.core.store.checks.save({ accountId: 'acct', migrationId: 'm118', serverId: 'local-10.11', report: blocked, requestedBy: 'shell:bob' }, new Date());
    await handleCommand(rt.core, as('alice'), '/migrate run m118 acct');
    expect(allText(lastPost().message)).toMatch(/Found by the last check \(\d+ s ago\)\*\n• \[blocker\] Tables without a primary key \(`made-up-blocker`\): 1/);
  });

  it('also runs the rollback direction while the account is migrated and its window open', async () => {
    await rt.core.store.accountStates.put({
      accountId: 'acct', serverId: 'target-11.8', previousServerId: 'local-10.11', migrationId: 'm118', runOperationId: 'run-simulated',
      rollbackDeadline: new Date(Date.now() + 86_400_000), rollbackClosedAt: null,
    }, new Date());
    await handleCommand(rt.core, as('bob'), '/migrate check m118 acct');
    const [upgrade, rollback] = lastPost().message.check!.reports;
    expect(upgrade?.sourceVersion).toMatch(/^11\.8\./);
    expect(rollback).toMatchObject({ direction: 'rollback', targetRead: true });
    expect([rollback?.sourceVersion.slice(0, 5), rollback?.targetVersion.slice(0, 6)]).toEqual(['11.8.', '10.11.']);
    expect(allText(lastPost().message)).toMatch(/Going back from 11\.8\.\d+ to 10\.11\.\d+: what the old version could not take back/);
    expect((await rt.core.store.checks.last('acct', 'm118', 'rollback'))?.serverId).toBe('target-11.8');
    // The Rollback confirmation runs the rollback direction afresh and says what it found.
    await handleCommand(rt.core, as('alice'), '/migrate rollback acct');
    expect(allText(lastPost().message)).toMatch(/A check just now (found nothing that stops the rollback to `local-10\.11` \(10\.11\.\d+\)|: what local-10\.11 could not take back)/);
  });

  it('answers without the target when it does not answer: its settings are not compared', async () => {
    const server = rt.core.config.servers.find((s) => s.id === 'target-11.8')!;
    const port = server.port;
    server.port = 1;
    try {
      await handleCommand(rt.core, as('bob'), '/migrate check m118 acct');
    } finally {
      server.port = port;
    }
    expect(lastPost().message.check?.reports[0]?.targetRead).toBe(false);
    expect(allText(lastPost().message)).toContain('The target server `target-11.8` did not answer: the rules about its settings said nothing.');
  });
});
