import type { Core } from '../../core.ts';
import { UserError, errorMessage } from '../../errors.ts';
import type { Translate } from '../../messages/i18n.ts';
import type { OperationReport } from '../../messages/report-view.ts';

/** Copy speed assumed before any operation of the account measured one (bytes/s). */
const defaultSpeed = 40e6;
/** Freeze, final delta and cutover cost a few seconds whatever the size. */
const fixedDowntimeSeconds = 3;

/** Sizes of the account's databases on its current server; a server that is down is a clear refusal. */
export async function sourceSizes(core: Core, serverId: string, databases: readonly string[]): Promise<{ name: string; bytes: number }[]> {
  const server = core.config.servers.find((s) => s.id === serverId);
  try {
    const endpoint = await core.engine.endpointOf(serverId);
    return await core.engine.databaseSizes(endpoint, databases);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('server-down', { server: serverId, address: server ? `${server.host}:${server.port}` : '-', reason: errorMessage(error).slice(0, 200) });
  }
}

/**
 * Downtime estimate: during the freeze the run re-reads the account to find
 * and verify what changed, at about the speed earlier copies measured.
 */
export async function estimateDowntime(core: Core, accountId: string, bytes: number, tr: Translate): Promise<string> {
  const reports = await core.store.operations.recentReports(accountId, 5);
  const speeds = reports.map((op) => (op.report as OperationReport | null)?.copy)
    .filter((c) => c !== undefined && c.durationMs > 0 && c.totals.bytes > 0)
    .map((c) => (c!.totals.bytes * 1000) / c!.durationMs);
  const measured = speeds.length > 0;
  const speed = measured ? speeds.reduce((a, b) => a + b, 0) / speeds.length : defaultSpeed;
  const seconds = Math.ceil(fixedDowntimeSeconds + bytes / speed);
  const mbps = (speed / 1e6).toFixed(0);
  return tr('confirm.estimate', { seconds, basis: measured ? tr('confirm.estimate.measured', { mbps }) : tr('confirm.estimate.default', { mbps }) });
}
