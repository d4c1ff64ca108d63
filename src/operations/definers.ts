import type { AccountConfig, MigrationConfig } from '../config/schema.ts';

/**
 * The DEFINER accounts to replace on copies of this account ('user@host' →
 * 'user@host'): the migration's `definers`, overridden entry by entry by
 * the account's (hosting setups where an admin created the programs).
 */
export function definersOf(account: AccountConfig, migration: MigrationConfig | undefined): Record<string, string> {
  return { ...migration?.definers, ...account.definers };
}

/** The objects of failures whose DEFINER does not exist on the target, as 'database.object (kind)', for a refusal. */
export function missingDefinerObjects(failures: readonly { database: string; object: string; kind: string; code: string }[]): string[] {
  return failures.filter((f) => f.code === 'definer-missing').map((f) => `${f.database}.${f.object} (${f.kind})`);
}
