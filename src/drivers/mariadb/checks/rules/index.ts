/** Every rule of the MariaDB driver; run-checks.ts picks those a migration's versions cross. */
import type { Rule } from '../rule.ts';
import { noPrimaryKey } from './no-primary-key.ts';
// chk-rules-a: object-level rules (names, programs, columns, data, engines, rollback).
import { compressedColumns, compressedSyntaxInPrograms } from './compressed-columns.ts';
import { longFkNames } from './long-fk-names.ts';
import { oldTemporal } from './old-temporal.ts';
import { deprecatedNames, removedVariables } from './removed-names.ts';
import { reservedWords, reservedWordsInPrograms } from './reserved-words.ts';
import { rollbackTimestamps2038 } from './rollback-types.ts';
import { sessionUser } from './session-user.ts';
import { missingEngines, nonTransactional } from './storage-engines.ts';
import { systemVersioned } from './system-versioned.ts';
import { utf8mb3 } from './utf8mb3.ts';
import { zeroDates } from './zero-dates.ts';

// Settings, accounts and behaviour of the new version (chk-rules-b).
import { defaultCollationUca1400 } from './default-collation-uca1400.ts';
import { definersMissing } from './definers-missing.ts';
import { eventSystemTimeZone, targetEventScheduler } from './events.ts';
import { explicitDefaultsForTimestamp } from './explicit-defaults-for-timestamp.ts';
import { mixedCollations } from './mixed-collations.ts';
import { optimizerCostModel } from './optimizer-cost-model.ts';
import { snapshotIsolation } from './snapshot-isolation.ts';
import { targetCharacterSetServer, targetTimeZone } from './target-defaults.ts';
import { targetLowerCaseTableNames, targetMaxAllowedPacket, targetSqlMode } from './target-settings.ts';
import { targetTimeZoneTables } from './target-time-zone-tables.ts';
import { tlsAuthPlugins, tlsRequired, tlsRequiredUsers } from './tls.ts';

// Rollback readiness (chk-import).
import { rollbackUnknownCollations } from './rollback-collations.ts';
import { rollbackNewFunctions } from './rollback-functions.ts';
import { rollbackParameterDefaults } from './rollback-parameter-defaults.ts';
import { rollbackVectorType } from './rollback-vector.ts';

export const allRules: readonly Rule[] = [
  noPrimaryKey,
  // chk-rules-a
  reservedWordsInPrograms, removedVariables, compressedSyntaxInPrograms, longFkNames, missingEngines,
  reservedWords, zeroDates, nonTransactional, sessionUser,
  deprecatedNames, utf8mb3, oldTemporal, systemVersioned, compressedColumns,
  rollbackTimestamps2038,
  // chk-rules-b
  definersMissing, eventSystemTimeZone, targetEventScheduler, defaultCollationUca1400, mixedCollations, snapshotIsolation,
  optimizerCostModel, tlsRequired, tlsRequiredUsers, tlsAuthPlugins, targetSqlMode, targetLowerCaseTableNames,
  targetMaxAllowedPacket, targetCharacterSetServer, targetTimeZone, explicitDefaultsForTimestamp, targetTimeZoneTables,
  // Rollback readiness (direction 'rollback'): what the older version could not take back.
  rollbackUnknownCollations, rollbackVectorType, rollbackNewFunctions, rollbackParameterDefaults,
];
