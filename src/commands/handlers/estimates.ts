import { z } from 'zod';
import type { Core } from '../../core.ts';
import { UserError, errorMessage } from '../../errors.ts';
import type { Translate } from '../../messages/i18n.ts';
import { formatDuration } from '../../messages/format.ts';
import type { CopyReport } from '../../drivers/reports.ts';
import { copyReportSchema } from '../../drivers/reports.ts';
import { runSteps } from '../../operations/steps/declarations.ts';
import { detailIn, firstStarted, journaledDetail } from '../../operations/steps/journal.ts';

/** Copy speed assumed before any operation of the account measured one (bytes/s). */
const defaultCopySpeed = 40e6;
/** Verification speed (checksums of both sides) assumed before a test measured it (bytes/s). */
const defaultVerifySpeed = 150e6;
/** Freeze (lock, end connections), cutover and unfreeze, before a run measured them: well under a second here. */
const defaultOverheadMs = 500;

/** What `fn` asks of a configured server while a user waits: a server that is down is a clear refusal. */
export async function onServer<T>(core: Core, serverId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UserError) throw error;
    const server = core.config.servers.find((s) => s.id === serverId);
    throw new UserError('server-down', { server: serverId, address: server ? `${server.host}:${server.port}` : '-', reason: errorMessage(error).slice(0, 200) });
  }
}

/** Sizes of the account's databases on its current server. */
export function sourceSizes(core: Core, serverId: string, databases: readonly string[]): Promise<{ name: string; bytes: number }[]> {
  return onServer(core, serverId, async () => core.engine.driverOf(serverId).databaseSizes(await core.engine.endpointOf(serverId), databases));
}

/** What an earlier run or rollback's frozen pass cost: its duration per byte of account, and the rest of its downtime. */
export interface FrozenPassCost {
  /** Account bytes (as the run's precopy counted them) the frozen pass went through per millisecond. */
  readonly bytesPerMs: number;
  /** Downtime beyond the frozen pass: freeze, verify, cutover, unfreeze. */
  readonly overheadMs: number;
}

/** The frozen passes of the account's recent succeeded runs and rollbacks, from their journals. */
export async function frozenPassCosts(core: Core, accountId: string): Promise<FrozenPassCost[]> {
  const live = (await core.store.operations.recent(accountId, 20)).filter((o) => o.status === 'succeeded' && (o.kind === 'run' || o.kind === 'rollback'));
  const costs: FrozenPassCost[] = [];
  for (const op of live.slice(0, 5)) {
    const rows = await core.store.operations.steps(op.id);
    const final = detailIn(rows, op.id, runSteps.finalCopy);
    const unfrozen = detailIn(rows, op.id, runSteps.unfreeze);
    const frozen = firstStarted(rows, runSteps.freeze);
    // A rollback carries its run's data back: the run's precopy says how big the account was.
    const runId = op.kind === 'run' ? op.id : op.relatedOperationId;
    const precopy = runId ? await journaledDetail(core, runId, runSteps.precopy) : undefined;
    if (!final || !unfrozen || !frozen || !precopy || precopy.totals.bytes <= 0) continue;
    const downtimeMs = new Date(unfrozen.at).getTime() - frozen.getTime();
    costs.push({ bytesPerMs: precopy.totals.bytes / Math.max(1, final.durationMs), overheadMs: Math.max(0, downtimeMs - final.durationMs) });
  }
  return costs;
}

const storedCopy = z.object({ copy: copyReportSchema.optional() });

/** Copies the account's tests and runs measured, newest first. */
async function measuredCopies(core: Core, accountId: string): Promise<CopyReport[]> {
  const reports = await core.store.operations.recentReports(accountId, 5);
  return reports.flatMap((op) => {
    const parsed = storedCopy.safeParse(op.report);
    const copy = parsed.success ? parsed.data.copy : undefined;
    return copy && copy.durationMs > 0 && copy.totals.bytes > 0 ? [copy] : [];
  });
}

const average = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const seconds = (ms: number) => (ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.ceil(ms / 1000)));

/**
 * The confirmation's estimate. Downtime is the frozen pass (it re-reads the
 * source, compares checksums and copies only what changed) plus freeze and
 * unfreeze: measured by this account's earlier runs and rollbacks when there
 * are some, else scaled from the last test's verification speed (a frozen
 * pass reads like a verification). The precopy, the whole copy while the
 * account stays online, is shown apart at the measured copy speed.
 */
export async function estimateDowntime(core: Core, accountId: string, bytes: number, tr: Translate): Promise<string> {
  const costs = await frozenPassCosts(core, accountId);
  const copies = await measuredCopies(core, accountId);
  const copySpeed = copies.length > 0 ? average(copies.map((c) => (c.totals.bytes * 1000) / c.durationMs)) : defaultCopySpeed;
  const precopy = formatDuration((bytes * 1000) / copySpeed);
  if (costs.length > 0) {
    const ms = bytes / average(costs.map((c) => c.bytesPerMs)) + average(costs.map((c) => c.overheadMs));
    return tr('confirm.estimate', { seconds: seconds(ms), basis: tr('confirm.estimate.runs', { count: costs.length }), precopy });
  }
  const verified = copies.find((c) => c.verifyMs !== undefined && c.verifyMs > 0);
  const verifySpeed = verified?.verifyMs ? (verified.totals.bytes * 1000) / verified.verifyMs : defaultVerifySpeed;
  const ms = (bytes * 1000) / verifySpeed + defaultOverheadMs;
  const mbps = (verifySpeed / 1e6).toFixed(0);
  const basis = verified ? tr('confirm.estimate.test', { mbps }) : tr('confirm.estimate.default', { mbps });
  return tr('confirm.estimate', { seconds: seconds(ms), basis, precopy });
}
