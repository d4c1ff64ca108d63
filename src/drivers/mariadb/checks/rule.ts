/**
 * A compatibility rule of `/migrate check`: data (id, severity, texts, the
 * version change it is about) plus one small function that lists what it
 * finds on the account. One file per rule or per family, under rules/.
 */
import type { AffectedObject, CheckSeverity } from '../../reports.ts';
import type { CheckContext } from './context.ts';

export interface RuleText {
  /** One line: what is wrong. */
  readonly title: string;
  /** Why it matters on the new version. */
  readonly explanation: string;
  /** What to do about it. */
  readonly fix: string;
}

export interface Rule {
  /** Stable id, kebab-case: shown to users, used in `checks.disabled` of a migration. */
  readonly id: string;
  readonly severity: CheckSeverity;
  /** 'upgrade' (default): moving to a newer version; 'rollback': what the older version could not take back. */
  readonly direction?: 'upgrade' | 'rollback';
  /**
   * The version that brought the change ('11.7'): the rule runs when the
   * migration crosses it (from < since <= to; for a rollback, to < since <= from).
   * Absent: the rule runs for every migration of its direction.
   */
  readonly since?: string;
  /** Documentation link (MariaDB's knowledge base, release notes). */
  readonly docs: string;
  readonly text: { readonly en: RuleText; readonly fr: RuleText };
  /** What the rule finds on the account; empty when it passes. Read only. */
  run(ctx: CheckContext): Promise<AffectedObject[]>;
}
