import { describe, expect, it } from 'vitest';
import { accountPhase, isMigratedBy, type AccountPlacement } from '../../src/domain/account-phase.ts';

const deadline = new Date('2026-12-08T10:00:00.000Z');
const before = (ms: number) => new Date(deadline.getTime() - ms);

/** The row a run writes: the account moved from `old-10` to `new-11`, its window open for 7 days. */
const migrated: AccountPlacement = {
  serverId: 'new-11', previousServerId: 'old-10', migrationId: 'mariadb-10-to-11', runOperationId: 'run-abc',
  rollbackDeadline: deadline, rollbackClosedAt: null,
};
/** The row a rollback writes: back on the old server, recorded as both current and previous. */
const rolledBack: AccountPlacement = { ...migrated, serverId: 'old-10', previousServerId: 'old-10' };

describe('accountPhase', () => {
  it('is never-migrated without a row, and for a row no run wrote', () => {
    expect(accountPhase(undefined, before(0))).toEqual({ phase: 'never-migrated' });
    const bare: AccountPlacement = { serverId: 'old-10', previousServerId: null, migrationId: null, runOperationId: null, rollbackDeadline: null, rollbackClosedAt: null };
    expect(accountPhase(bare, before(0))).toEqual({ phase: 'never-migrated' });
    expect(accountPhase({ ...migrated, rollbackDeadline: null }, before(1000)).phase).toBe('never-migrated');
  });

  it('is rollback-open before the deadline, with where the account came from', () => {
    expect(accountPhase(migrated, before(3 * 86_400_000))).toEqual({
      phase: 'rollback-open', runId: 'run-abc', migrationId: 'mariadb-10-to-11', serverId: 'new-11', previousServerId: 'old-10', deadline,
    });
    expect(accountPhase(migrated, before(1)).phase).toBe('rollback-open');
  });

  it('is rollback-closed at exactly the deadline and after it, even before the closing timer ran', () => {
    expect(accountPhase(migrated, before(0))).toEqual({
      phase: 'rollback-closed', runId: 'run-abc', migrationId: 'mariadb-10-to-11', serverId: 'new-11', previousServerId: 'old-10', deadline, closedAt: deadline,
    });
    const later = accountPhase(migrated, new Date(deadline.getTime() + 60_000));
    expect(later.phase === 'rollback-closed' && later.closedAt).toEqual(deadline);
  });

  it('is rollback-closed from the recorded closing on, whatever the clock says', () => {
    const closedAt = new Date(deadline.getTime() + 5_000);
    const phase = accountPhase({ ...migrated, rollbackClosedAt: closedAt }, before(86_400_000));
    expect(phase.phase === 'rollback-closed' && phase.closedAt).toEqual(closedAt);
  });

  it('is rolled-back once a rollback wrote the old server back, before and after the deadline', () => {
    const expected = { phase: 'rolled-back', runId: 'run-abc', migrationId: 'mariadb-10-to-11', serverId: 'old-10' };
    expect(accountPhase(rolledBack, before(1000))).toEqual(expected);
    expect(accountPhase(rolledBack, new Date(deadline.getTime() + 86_400_000))).toEqual(expected);
  });
});

describe('isMigratedBy', () => {
  it('holds for the run that moved the account, window open or closed, and for no other run', () => {
    expect(isMigratedBy(accountPhase(migrated, before(1)), 'run-abc')).toBe(true);
    expect(isMigratedBy(accountPhase(migrated, before(0)), 'run-abc')).toBe(true);
    expect(isMigratedBy(accountPhase(migrated, before(1)), 'run-other')).toBe(false);
    expect(isMigratedBy(accountPhase(rolledBack, before(1)), 'run-abc')).toBe(false);
    expect(isMigratedBy(accountPhase(undefined, before(1)), 'run-abc')).toBe(false);
  });
});
