import type { AccountConfig, Config, MigrationConfig, Policy } from '../config/schema.ts';
import { UserError } from '../errors.ts';
import { closest } from './suggest.ts';

/** The migrations offered to an account: its own list, or the whole catalog. */
export function migrationsFor(config: Config, account: AccountConfig): MigrationConfig[] {
  if (!account.migrations) return config.migrations;
  return config.migrations.filter((m) => account.migrations?.includes(m.id));
}

export function findMigration(config: Config, account: AccountConfig, id: string): MigrationConfig {
  const offered = migrationsFor(config, account);
  const migration = offered.find((m) => m.id === id);
  if (migration) return migration;
  const suggestion = closest(id, offered.map((m) => m.id));
  throw new UserError(suggestion ? 'migration-unknown-suggest' : 'migration-unknown', {
    migration: id,
    suggestion: suggestion ?? '',
    known: offered.map((m) => m.id).join(', '),
  });
}

/** Account policy overrides the migration's, field by field. */
export function effectivePolicy(migration: MigrationConfig, account: AccountConfig): Policy {
  return { ...migration.policy, ...account.policy };
}

/** Hours a run waits for its approval when the policy does not say. */
export const DEFAULT_APPROVAL_TTL_HOURS = 4;

/** When a run waiting for approval since `requestedAt` may no longer be approved. */
export function approvalDeadline(policy: Policy, requestedAt: Date): Date {
  return new Date(requestedAt.getTime() + (policy.approvalTtlHours ?? DEFAULT_APPROVAL_TTL_HOURS) * 3_600_000);
}
