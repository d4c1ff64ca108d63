/**
 * `/migrate check` through the terminal adapter with --json, as a script
 * would run it: the full report in the answer's `check`, the last check in
 * `/migrate list` and the run confirmation, the requireCheck policy and an
 * admin's override written to the audit log. Assertions name the
 * no-primary-key rule and the report's structure only: other rules may
 * be added and find other things.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { runShellJson, type JsonLine } from '../helpers/shell-json.ts';
import { stateRows } from '../helpers/fake-slack-expect.ts';
import { linkTable, openCheckEnv, type CheckEnv } from '../helpers/check-env.ts';
import { checkReportSchema } from '../../src/drivers/reports.ts';
import { parseInline } from '../../src/messages/markup.ts';

let env: CheckEnv;
beforeAll(async () => {
  env = await openCheckEnv('e2echeck');
}, 120_000);
afterAll(async () => {
  await env?.dispose();
}, 120_000);

const bot = (input: string) => runShellJson(input, ['--config', env.configPath], env.env);
const blockText = (line: JsonLine | undefined) => (line?.blocks ?? []).map((b) => [b.text ?? '', ...(b.fields ?? []).map((f) => `${f.label}: ${f.value}`)].join('\n')).join('\n');
const checkAnswer = (lines: JsonLine[], account: string) => lines.find((l) => l.text.startsWith(`Check of ${account} for m118`));

describe('/migrate check in the terminal', () => {
  it('reports the table without a primary key, each finding whole in the JSON, and nothing of the kind on a clean account', () => {
    const { status, lines } = bot('/as bob\n/migrate check m118 acct\n/migrate check m118 clean\n');
    expect(status).toBe(0);
    const answer = checkAnswer(lines, 'acct');
    expect([answer?.ephemeral, answer?.check?.accountId, answer?.check?.migrationId]).toEqual([true, 'acct', 'm118']);
    const [report, ...rest] = answer?.check?.reports ?? [];
    expect(rest).toEqual([]);
    // The JSON is the neutral report, as README.md documents it.
    expect(checkReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ direction: 'upgrade', targetVersion: '11.8', targetRead: false });
    const noKey = report?.findings.find((f) => f.rule === 'no-primary-key');
    expect(noKey).toMatchObject({ severity: 'notice', objects: [{ database: env.keyless, object: 'log' }, { database: env.keyless, object: linkTable }] });
    expect(noKey?.text.fr.title).toBe('Tables sans clé primaire');
    expect(noKey?.docs).toMatch(/^https:\/\/mariadb\.com\//);
    const shown = blockText(answer);
    expect(shown).toContain(`Tables without a primary key* — \`no-primary-key\`\n`);
    expect(shown).toContain(`• \`${env.keyless}.log\``);
    expect(shown).toContain('The target server `target-11.8` did not answer: the rules about its settings said nothing.');
    // The table named like a link is shown as its name: the only link of the finding is the rule's documentation.
    const section = answer?.blocks?.find((b) => b.text?.includes('no-primary-key'))?.text ?? '';
    expect(section).toContain(`• \`${env.keyless}.log \\<https://evil.example|click>\``);
    expect(parseInline(section).flatMap((t) => (t.kind === 'link' ? [t.url] : []))).toEqual([noKey?.docs]);
    expect(answer?.text).toContain('• [notice] Tables without a primary key (`no-primary-key`): 2');

    const clean = checkAnswer(lines, 'clean')?.check?.reports[0];
    expect(clean?.rulesRun).toContain('no-primary-key');
    expect(clean?.findings.map((f) => f.rule)).not.toContain('no-primary-key');
    const counts = ['blocker', 'warning', 'notice'].map((s) => clean?.findings.filter((f) => f.severity === s).length);
    expect(checkAnswer(lines, 'clean')?.text.split('\n')[1]).toBe(`Blockers: ${counts[0]} · Warnings: ${counts[1]} · Notices: ${counts[2]}`);
    if (clean?.findings.length === 0) expect(blockText(checkAnswer(lines, 'clean'))).toContain('Nothing found: no rule of this migration stands in the way of `clean` on 11.8.');
  });

  it('shows the last check in /migrate list and the run confirmation; a viewer may not check', () => {
    const { lines } = bot('/as bob\n/migrate check m118 clean\n/as alice\n/migrate list clean\n/migrate run m118 clean\n2\n/as carol\n/migrate check m118 clean\n');
    const report = checkAnswer(lines, 'clean')?.check?.reports[0];
    const summary = `(blockers: ${report?.findings.filter((f) => f.severity === 'blocker').length}, warnings: ${report?.findings.filter((f) => f.severity === 'warning').length})`;
    expect(lines.find((l) => l.text.startsWith('Migrations for clean'))?.text).toMatch(new RegExp(`Last check: checked \\d+ s ago ${summary.replace(/[()]/g, '\\$&')}$`));
    const confirmation = lines.find((l) => l.text.startsWith('Confirm: migrate clean to 11.8'));
    expect(blockText(confirmation)).toMatch(new RegExp(`Last check: checked \\d+ s ago ${summary.replace(/[()]/g, '\\$&')}`));
    expect(lines.at(-1)?.text).toBe('You need the *operator* role on `clean` to check (your role: viewer). Ask an owner of the account.');
  });

  it('refuses a run under requireCheck until checked, unless an admin overrides it with a reason, audited at Confirm', async () => {
    const { lines } = bot([
      '/as alice', '/migrate run m118 strict', '/migrate run m118 strict --override-check "please"',
      '/as root', '/migrate run m118 strict --override-check "customer accepts the risk, ticket 12"', '1', '',
    ].join('\n'));
    const texts = lines.map((l) => l.text);
    expect(texts).toContain('`m118` needs a check of `strict` without blockers before it can run (last check: never checked). Run `/migrate check m118 strict`, fix what it finds, then ask again. An admin may run it anyway: `/migrate run m118 strict --override-check "reason"`.');
    expect(texts).toContain('Only an admin may override the check policy with `--override-check` (your role on `strict`: owner). Fix what `/migrate check m118 strict` finds, or ask an admin.');
    const confirmation = lines.find((l) => l.text.startsWith('Confirm: migrate strict to 11.8'));
    expect(blockText(confirmation)).toContain('*Check policy overridden by root: customer accepts the risk, ticket 12*');
    expect(blockText(confirmation)).toContain('Last check: never checked');
    const accepted = texts.find((t) => t.startsWith('Confirmed. Operation `run-'));
    expect(accepted).toMatch(/is waiting for approval\.$/);
    const runId = /`(run-[^`]+)`/.exec(accepted ?? '')?.[1];
    const audit = await stateRows(env.env.MIGRATE_BOT_STATE_URL, "SELECT user_id AS user, account_id AS account, result, detail FROM audit_log WHERE action = 'override-check'");
    expect(audit).toEqual([{ user: 'shell:root', account: 'strict', result: 'ok', detail: `${runId} missing: customer accepts the risk, ticket 12` }]);
  });

  it('refuses to start, exit 2, when a migration disables a rule that does not exist, naming it', async () => {
    const config = JSON.parse(await readFile(env.configPath, 'utf8')) as { migrations: { checks?: object }[] };
    config.migrations[0]!.checks = { disabled: ['no-primary-keys'] };
    const bad = env.configPath.replace(/\.yml$/, '-bad.yml');
    await writeFile(bad, JSON.stringify(config));
    const { status, stderr } = runShellJson('', ['--config', bad], env.env);
    expect(status).toBe(2);
    expect(stderr).toContain('migrations[0].checks.disabled[0]: unknown rule "no-primary-keys" (did you mean "no-primary-key"?)');
  });
});
