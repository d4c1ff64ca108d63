import { cellText, type Session } from '../copier/connections.ts';
import { serverErrno } from '../copier/failures.ts';
import type { TargetChecksums, TargetIdentity } from './target-checksums.ts';

/** Uptime is read a moment after the clock: a second of slack either way. */
const BOOT_SLACK_SECONDS = 2;

export async function targetIdentity(session: Session): Promise<TargetIdentity> {
  const [row] = await session.rows('SELECT @@version v, @@server_id i, @@hostname h, @@datadir d, @@port p, UNIX_TIMESTAMP() now, CONNECTION_ID() c');
  const [uptime] = await session.rows("SHOW GLOBAL STATUS LIKE 'Uptime'");
  let uuid = '';
  try {
    uuid = cellText((await session.rows('SELECT @@server_uuid u'))[0]?.['u']) ?? '';
  } catch (error) {
    if (serverErrno(error) !== 1193) throw error; // 1193: MariaDB has no server_uuid
  }
  const server = uuid || ['v', 'i', 'h', 'd', 'p'].map((k) => cellText(row?.[k]) ?? '').join('|');
  return {
    server, bootedAt: Math.round(Number(cellText(row?.['now']) ?? 0)) - Number(cellText(uptime?.['Value']) ?? 0),
    connectionId: Number(cellText(row?.['c']) ?? 0),
  };
}

/** Enabled events of the whole server, when its scheduler runs: any of them may write anywhere, as its definer. */
async function runningEvents(session: Session): Promise<number> {
  const [scheduler] = await session.rows('SELECT @@GLOBAL.event_scheduler s');
  if (String(cellText(scheduler?.['s']) ?? '').toUpperCase() !== 'ON') return 0;
  const [count] = await session.rows("SELECT COUNT(*) n FROM information_schema.EVENTS WHERE STATUS = 'ENABLED'");
  return Number(cellText(count?.['n']) ?? 0);
}

/**
 * Whether the target can vouch, at this pass, that nothing but this run
 * wrote to it since its checksums were kept: the same server process
 * (not restarted, not replaced at that address), and no enabled event on
 * a running scheduler (an event of another database may write to the
 * account's, as its definer). When it cannot, the checksums are forgotten
 * (every table is read on both sides) and the returned warning says why;
 * `trusted` false also keeps this pass from keeping new ones.
 */
export async function checkTrust(target: Session, kept: TargetChecksums): Promise<{ trusted: boolean; warning: string | null }> {
  const identity = await targetIdentity(target);
  const before = kept.identity;
  kept.identity = identity;
  const events = await runningEvents(target);
  if (events > 0) {
    kept.clear();
    return { trusted: false, warning: `target ${kept.target} has ${events} enabled event(s) and its event scheduler is ON: they could write to the copy, so its tables were read on both sides` };
  }
  const same = before === undefined || (before.server === identity.server && Math.abs(before.bootedAt - identity.bootedAt) <= BOOT_SLACK_SECONDS
    && identity.connectionId > before.connectionId);
  if (same || kept.size === 0) return { trusted: true, warning: null };
  kept.clear();
  return { trusted: true, warning: `target ${kept.target} was restarted or replaced since its checksums were kept: its tables were read on both sides` };
}
