/** Every rule of the MariaDB driver; run-checks.ts picks those a migration's versions cross. */
import type { Rule } from '../rule.ts';
import { noPrimaryKey } from './no-primary-key.ts';
// Settings, accounts and behaviour of the new version (chk-rules-b).
import { definersMissing } from './definers-missing.ts';
import { eventSystemTimeZone, targetEventScheduler } from './events.ts';

export const allRules: readonly Rule[] = [
  noPrimaryKey,
  // chk-rules-b
  definersMissing, eventSystemTimeZone, targetEventScheduler,
];
