/**
 * The use case of `/migrate check`: the migration's compatibility rules run
 * against the account where it is now, read only, in seconds (no temporary
 * server). During the migration's rollback window it also runs the rollback
 * direction: what the old server's version could not take back. The last
 * check of each direction is stored for the run's confirmation and policy.
 */
import type { AccountConfig, MigrationConfig } from '../config/schema.ts';
import type { Core } from '../core.ts';
import { UserError, errorMessage } from '../errors.ts';
import { accountPhase, type RollbackOpen } from '../domain/account-phase.ts';
import { describeEndpoint, type Endpoint } from '../drivers/driver.ts';
import type { CheckReport } from '../drivers/reports.ts';
import { accountUsers } from './account-users.ts';
import { definersOf } from './definers.ts';

/** One direction's check: which server it read, which one it would move to (null: none configured; `report.targetRead` says whether it answered), its report. */
export interface DirectionCheck {
  readonly serverId: string;
  readonly targetServerId: string | null;
  readonly report: CheckReport;
}

export interface AccountCheck {
  readonly upgrade: DirectionCheck;
  /** Only within the migration's rollback window: what the old server could not take back. */
  readonly rollback?: DirectionCheck;
}

/** A whole check stays within this; the rules themselves take seconds. */
const checkTimeoutMs = 120_000;

/** The account's current server and its version; a server that does not answer is a clear refusal. */
async function readServer(core: Core, serverId: string): Promise<{ endpoint: Endpoint; version: string }> {
  let endpoint: Endpoint | undefined;
  try {
    endpoint = await core.engine.endpointOf(serverId);
    return { endpoint, version: await core.engine.driverOf(serverId).serverVersion(endpoint) };
  } catch (error) {
    if (error instanceof UserError) throw error;
    const address = endpoint ? describeEndpoint(endpoint) : describeEndpoint(core.engine.configuredEndpointOf(serverId));
    throw new UserError('server-down', { server: serverId, address, reason: errorMessage(error).slice(0, 200) });
  }
}

/** The server compared with, if it answers now: never started for a check, and its absence only silences the rules about its settings. */
async function probe(core: Core, serverId: string): Promise<{ endpoint: Endpoint; version: string } | null> {
  try {
    const endpoint = core.engine.configuredEndpointOf(serverId);
    return { endpoint, version: await core.engine.driverOf(serverId).serverVersion(endpoint) };
  } catch (error) {
    core.logger.info({ server: serverId, err: error }, 'check: the target server does not answer; its settings are not compared');
    return null;
  }
}

interface DirectionRequest {
  readonly account: AccountConfig;
  readonly migration: MigrationConfig;
  readonly direction: 'upgrade' | 'rollback';
  readonly source: { readonly id: string; readonly endpoint: Endpoint; readonly version: string };
  readonly targetId: string | null;
  /** The version moved to when the target does not answer (a rollback: the version the migration came from). */
  readonly toVersion: string;
  readonly signal: AbortSignal;
}

async function checkDirection(core: Core, request: DirectionRequest): Promise<DirectionCheck> {
  const target = request.targetId === null ? null : await probe(core, request.targetId);
  try {
    const report = await core.engine.driverOf(request.source.id).checkAccount({
      source: request.source.endpoint, target: target?.endpoint ?? null,
      databases: request.account.databases, users: accountUsers(request.account),
      fromVersion: request.source.version,
      toVersion: request.direction === 'rollback' && target ? target.version : request.toVersion,
      direction: request.direction, disabledRules: request.migration.checks.disabled, signal: request.signal,
      // A rollback copies back with no mapping (rollback-migration.ts): its programs' definers are judged as they are.
      ...(request.direction === 'upgrade' ? { definers: definersOf(request.account, request.migration) } : {}),
    });
    return { serverId: request.source.id, targetServerId: request.targetId, report };
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason = request.signal.aborted ? `no answer within ${checkTimeoutMs / 1000} s` : errorMessage(error).slice(0, 200);
    throw new UserError('check-failed', { account: request.account.id, server: request.source.id, reason });
  }
}

/** The rollback direction alone, for a migrated account within its window (the Rollback confirmation). */
export async function checkRollback(core: Core, account: AccountConfig, migration: MigrationConfig, phase: RollbackOpen): Promise<DirectionCheck> {
  const signal = AbortSignal.timeout(checkTimeoutMs);
  const source = { id: phase.serverId, ...(await readServer(core, phase.serverId)) };
  return checkDirection(core, {
    account, migration, direction: 'rollback', source, targetId: phase.previousServerId, toVersion: migration.from[0] ?? migration.to, signal,
  });
}

/**
 * Checks the account for the migration (and, within its rollback window,
 * for going back), stores each direction's report as the last check, and
 * returns them. `requestedBy` is the user key the state database records.
 */
export async function checkAccountFor(core: Core, account: AccountConfig, migration: MigrationConfig, requestedBy: string): Promise<AccountCheck> {
  const signal = AbortSignal.timeout(checkTimeoutMs);
  const state = await core.store.accountStates.get(account.id);
  const serverId = state?.serverId ?? account.server;
  const source = { id: serverId, ...(await readServer(core, serverId)) };
  const upgrade = await checkDirection(core, {
    account, migration, direction: 'upgrade', source, targetId: migration.target ?? null, toVersion: migration.to, signal,
  });
  const phase = accountPhase(state, core.clock.now());
  const rollback = phase.phase === 'rollback-open' && phase.migrationId === migration.id
    ? await checkDirection(core, {
      account, migration, direction: 'rollback', source, targetId: phase.previousServerId, toVersion: migration.from[0] ?? migration.to, signal,
    })
    : undefined;
  const now = core.clock.now();
  for (const check of [upgrade, ...(rollback ? [rollback] : [])]) {
    await core.store.checks.save({ accountId: account.id, migrationId: migration.id, serverId: check.serverId, report: check.report, requestedBy }, now);
  }
  return { upgrade, ...(rollback ? { rollback } : {}) };
}
