/** Every rule of the MariaDB driver; run-checks.ts picks those a migration's versions cross. */
import type { Rule } from '../rule.ts';
import { noPrimaryKey } from './no-primary-key.ts';
// chk-rules-a: object-level rules (names, programs, columns, data, engines, rollback).
import { compressedColumns, compressedSyntaxInPrograms } from './compressed-columns.ts';
import { longFkNames } from './long-fk-names.ts';
import { oldTemporal } from './old-temporal.ts';
import { deprecatedNames, removedVariables } from './removed-names.ts';
import { reservedWords, reservedWordsInPrograms } from './reserved-words.ts';
import { rollbackTimestamps2038, rollbackVectorColumns } from './rollback-types.ts';
import { sessionUser } from './session-user.ts';
import { missingEngines, nonTransactional } from './storage-engines.ts';
import { systemVersioned } from './system-versioned.ts';
import { utf8mb3 } from './utf8mb3.ts';
import { zeroDates } from './zero-dates.ts';

export const allRules: readonly Rule[] = [
  noPrimaryKey,
  // chk-rules-a
  reservedWordsInPrograms, removedVariables, compressedSyntaxInPrograms, longFkNames, missingEngines,
  reservedWords, zeroDates, nonTransactional, sessionUser,
  deprecatedNames, utf8mb3, oldTemporal, systemVersioned, compressedColumns,
  rollbackVectorColumns, rollbackTimestamps2038,
];
