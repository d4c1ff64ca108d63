/** Every rule of the MariaDB driver; run-checks.ts picks those a migration's versions cross. */
import type { Rule } from '../rule.ts';
import { noPrimaryKey } from './no-primary-key.ts';
import { rollbackUnknownCollations } from './rollback-collations.ts';
import { rollbackNewFunctions } from './rollback-functions.ts';
import { rollbackParameterDefaults } from './rollback-parameter-defaults.ts';
import { rollbackVectorType } from './rollback-vector.ts';

export const allRules: readonly Rule[] = [
  noPrimaryKey,
  // Rollback readiness (direction 'rollback'): what the older version could not take back.
  rollbackUnknownCollations, rollbackVectorType, rollbackNewFunctions, rollbackParameterDefaults,
];
