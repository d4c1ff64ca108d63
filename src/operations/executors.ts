import type { OperationKind } from '../messages/model.ts';
import type { Executor } from './context.ts';
import { testImport } from './test-import.ts';
import { runMigration } from './run-migration.ts';
import { rollbackMigration } from './rollback-migration.ts';

/** What the worker does for each kind of operation. */
export const executors: Record<OperationKind, Executor> = {
  test: testImport,
  run: runMigration,
  rollback: rollbackMigration,
};
