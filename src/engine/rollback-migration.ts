import type { Executor } from './operation-context.ts';

/** Moves a migrated account back to its old server. Not built yet. */
export const rollbackMigration: Executor = async () => {
  throw new Error('rollback is not available in this version yet');
};
