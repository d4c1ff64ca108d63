/**
 * Runs the rule set of a migration against one account: the rules whose
 * version change the migration crosses, minus the ones it turns off. A rule
 * that fails to run is itself a finding (nothing is silently skipped).
 */
import type { CheckRequest } from '../../driver.ts';
import type { AffectedObject, CheckFinding, CheckReport } from '../../reports.ts';
import { MariadbCheckContext } from './context.ts';
import type { Rule } from './rule.ts';
import { allRules } from './rules/index.ts';
import { crosses } from './versions.ts';

/** The rules that apply to a migration between two versions, in one direction. */
export function ruleSet(
  rules: readonly Rule[], fromVersion: string, toVersion: string, direction: 'upgrade' | 'rollback', disabled: readonly string[],
): Rule[] {
  return rules.filter((rule) => (rule.direction ?? 'upgrade') === direction && !disabled.includes(rule.id) && (
    rule.since === undefined
    || (direction === 'upgrade' ? crosses(fromVersion, toVersion, rule.since) : crosses(toVersion, fromVersion, rule.since))));
}

const finding = (rule: Rule, objects: AffectedObject[]): CheckFinding => ({
  rule: rule.id, severity: rule.severity, docs: rule.docs, text: { en: { ...rule.text.en }, fr: { ...rule.text.fr } }, objects,
});

/** A rule that threw: reported as a warning naming the error, so a broken rule cannot pass for a clean account. */
const failedRule = (rule: Rule, error: unknown): CheckFinding => ({
  rule: `${rule.id}.failed`, severity: 'warning', docs: rule.docs,
  text: {
    en: { title: `The rule ${rule.id} could not run`, explanation: rule.text.en.title, fix: 'Check that the bot can read the account\'s server, then check again.' },
    fr: { title: `La règle ${rule.id} n'a pas pu s'exécuter`, explanation: rule.text.fr.title, fix: 'Vérifiez que le bot peut lire le serveur du compte, puis relancez la vérification.' },
  },
  objects: [{ detail: error instanceof Error ? error.message : String(error) }],
});

export async function checkAccount(request: CheckRequest, rules: readonly Rule[] = allRules): Promise<CheckReport> {
  const started = Date.now();
  const selected = ruleSet(rules, request.fromVersion, request.toVersion, request.direction, request.disabledRules);
  const ctx = await MariadbCheckContext.open({
    source: request.source, target: request.target, databases: request.databases, users: request.users,
    fromVersion: request.fromVersion, toVersion: request.toVersion,
    ...(request.definers ? { definers: request.definers } : {}), ...(request.signal ? { signal: request.signal } : {}),
  });
  try {
    const findings: CheckFinding[] = [];
    // One at a time: they share two sessions, and most read the same cached catalogue.
    for (const rule of selected) {
      request.signal?.throwIfAborted();
      try {
        const objects = await rule.run(ctx);
        if (objects.length > 0) findings.push(finding(rule, objects));
      } catch (error) {
        request.signal?.throwIfAborted();
        findings.push(failedRule(rule, error));
      }
    }
    return {
      direction: request.direction, sourceVersion: request.fromVersion, targetVersion: request.toVersion, targetRead: ctx.target !== null,
      rulesRun: selected.map((r) => r.id), findings, durationMs: Date.now() - started,
    };
  } finally {
    await ctx.close();
  }
}
