import type { Executor } from './operation-context.ts';

/** The live migration of an account (precopy, freeze, final copy, verify, cutover, unfreeze). Not built yet. */
export const runMigration: Executor = async () => {
  throw new Error('running a migration is not available in this version yet');
};
