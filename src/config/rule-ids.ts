/**
 * `checks.disabled` of a migration names rules of `/migrate check`. The
 * rules live in the drivers, which the config loader does not know: the
 * composition of the core (the engine, which holds the drivers) calls
 * this with every rule id its drivers know, and refuses to start on a
 * name that matches none, since a typo there would silently keep a rule on.
 */
import { ValidationError, type Problem } from '../errors.ts';
import { closest } from '../domain/suggest.ts';
import type { Config } from './schema.ts';

/** One problem per disabled rule id that no driver knows, at its path, with the closest known id when one is near. */
export function unknownRuleProblems(config: Config, known: readonly string[]): Problem[] {
  const ids = new Set(known);
  const problems: Problem[] = [];
  config.migrations.forEach((migration, i) => {
    migration.checks.disabled.forEach((rule, j) => {
      if (ids.has(rule)) return;
      const suggestion = closest(rule, [...ids]);
      problems.push({
        path: `migrations[${i}].checks.disabled[${j}]`,
        message: `unknown rule "${rule}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; the rules are: ${[...ids].sort().join(', ')}`,
      });
    });
  });
  return problems;
}

/** Throws a ValidationError listing every unknown rule id of the config. */
export function checkRuleIds(config: Config, known: readonly string[]): void {
  const problems = unknownRuleProblems(config, known);
  if (problems.length > 0) throw new ValidationError('the config', problems);
}
