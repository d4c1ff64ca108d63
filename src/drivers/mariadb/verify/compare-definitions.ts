import { redactSecrets } from '../../../domain/redact.ts';
import type { DatabaseUser, Endpoint } from '../../driver.ts';
import type { ObjectFailure } from '../../reports.ts';
import type { DefinerMap } from '../copier/definers.ts';
import { withAdmin } from '../live/users.ts';
import { readDefinitions, type Definitions } from './definitions.ts';

/** The object's own DEFINER clause as information_schema writes the account (`user@host`), for the definers map. */
const DEFINER = /DEFINER=(?:`((?:[^`]|``)*)`|"((?:[^"]|"")*)")@(?:`((?:[^`]|``)*)`|"((?:[^"]|"")*)")/;

/**
 * What the source's definition becomes on a copy: its DEFINER mapped as the
 * copier maps it, printed back by the server in the quotes of the object's
 * sql_mode (double quotes under ANSI_QUOTES).
 */
function expectedOnCopy(definition: string, definers: DefinerMap): string {
  const match = DEFINER.exec(definition);
  if (!match) return definition;
  const quote = match[1] !== undefined ? '`' : '"';
  const user = (match[1] ?? match[2] ?? '').replaceAll(quote + quote, quote);
  const host = (match[3] ?? match[4] ?? '').replaceAll(quote + quote, quote);
  const mapped = definers[`${user}@${host}`];
  if (mapped === undefined) return definition;
  const at = mapped.lastIndexOf('@');
  const quoted = (name: string): string => quote + name.replaceAll(quote, quote + quote) + quote;
  return definition.replace(DEFINER, () => `DEFINER=${quoted(mapped.slice(0, at))}@${quoted(mapped.slice(at + 1))}`);
}

const EXCERPT = 160;

/**
 * Both definitions from a little before their first difference, cut to
 * EXCERPT characters. Secrets are redacted first, so a cut never leaves
 * part of a hash, and two definitions differing only in a secret show alike.
 */
export function differenceExcerpts(source: string, target: string): { source: string; target: string } {
  const [shownSource, shownTarget] = [redactSecrets(source), redactSecrets(target)];
  let at = 0;
  while (at < shownSource.length && shownSource[at] === shownTarget[at]) at++;
  const from = Math.max(0, at - 40);
  const cut = (s: string): string => `${from > 0 ? '…' : ''}${s.slice(from, from + EXCERPT)}${s.length > from + EXCERPT ? '…' : ''}`;
  return { source: cut(shownSource), target: cut(shownTarget) };
}

/**
 * Every object whose definition on the copy differs from the source's (or
 * exists on one side only), as 'definition-mismatch' failures showing both
 * definitions around their first difference. Nothing else is tolerated:
 * the normalizations are in definitions.ts, each proved by a test.
 */
export function definitionFailures(source: Definitions, target: Definitions, definers: DefinerMap): ObjectFailure[] {
  const failures: ObjectFailure[] = [];
  for (const key of [...new Set([...source.keys(), ...target.keys()])].sort()) {
    const [database = '', kind = '', object = ''] = key.split('\u0000');
    const there = source.get(key);
    const expected = there === undefined ? 'absent' : expectedOnCopy(there, definers);
    const copy = target.get(key) ?? 'absent';
    if (expected === copy) continue;
    const shown = differenceExcerpts(expected, copy);
    // Hashes are never shown: when only they differ, the texts shown are alike and the message says so.
    const what = shown.source === shown.target ? 'its password hash or authentication string differs' : `source \`${shown.source}\`, copy \`${shown.target}\``;
    failures.push({
      database, object, kind, code: 'definition-mismatch', statement: `definition of ${kind} ${database ? `${database}.` : ''}${object}`,
      message: `${kind} ${object} is defined differently on the copy: ${what}`,
      details: { source: shown.source, target: shown.target },
    });
  }
  return failures;
}

/** `failures` and the mismatches of objects not failed already (an object that could not be created differs, of course). */
export function withMismatches(failures: readonly ObjectFailure[], mismatches: readonly ObjectFailure[]): ObjectFailure[] {
  const failed = new Set(failures.map((f) => `${f.database}\u0000${f.object}`));
  return [...failures, ...mismatches.filter((m) => !failed.has(`${m.database}\u0000${m.object}`))];
}

/** Reads both servers' definitions of the account and compares them (see definitionFailures). */
export async function compareDefinitions(
  source: Endpoint, target: Endpoint, databases: readonly string[], users: readonly DatabaseUser[], definers: DefinerMap,
): Promise<ObjectFailure[]> {
  const [before, after] = await Promise.all([
    withAdmin(source, 'source', (s) => readDefinitions(s, databases, users)),
    withAdmin(target, 'target', (s) => readDefinitions(s, databases, users)),
  ]);
  return definitionFailures(before, after, definers);
}
