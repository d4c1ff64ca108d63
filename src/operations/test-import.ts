import type { Core } from '../core.ts';
import type { OperationReport } from '../messages/report-view.ts';
import { translator } from '../messages/i18n.ts';
import { formatDate } from '../messages/format.ts';
import { textMessage } from '../messages/model.ts';
import { OperationCancelled } from '../errors.ts';
import { describeEndpoint, type Endpoint } from '../drivers/driver.ts';
import { accountUsers } from './account-users.ts';
import { definersOf } from './definers.ts';
import type { Executor, OperationContext } from './context.ts';
import { testSteps } from './steps/declarations.ts';
import { destroyTemporaryServer, destroyTemporaryServersOf, expiryTimerId } from './temporary-servers.ts';
import { setTimer } from './set-timer.ts';
import { replayStep } from './test-replay.ts';
import { checkAfterCopy, checkBeforeCopy, testFailure } from './test-checks.ts';
import { liveServers, refuseLiveTarget, type LiveServer } from './live-servers.ts';
import type { TemporaryServerRow } from '../state/temporary-servers-repo.ts';

function configOf(core: Core, accountId: string, migrationId: string) {
  const account = core.config.accounts.find((a) => a.id === accountId);
  const migration = core.config.migrations.find((m) => m.id === migrationId);
  if (!account || !migration?.temporary) throw new Error(`operation refers to unknown account ${accountId} or untestable migration ${migrationId}`);
  return { account, migration, temporary: migration.temporary };
}

/** Starts (or, on resume, finds again) this test's temporary server. */
async function provision(ctx: OperationContext, dataBytes: number): Promise<TemporaryServerRow> {
  const { core, op } = ctx;
  const { migration, temporary } = configOf(core, op.accountId, op.migrationId);
  const existing = await core.store.temporaryServers.forOperation(op.id);
  const provisioner = core.engine.provisioner(temporary.provisioner);
  if (existing && !existing.destroyedAt && await provisioner.isAlive(existing.handle as Record<string, unknown>)) return existing;
  const server = await provisioner.create({ id: op.id, version: migration.to, dataBytes }, (note) => ctx.progress({ step: testSteps.provision.name, note }), ctx.signal);
  const now = core.clock.now();
  const row = {
    id: op.id, accountId: op.accountId, migrationId: op.migrationId, operationId: op.id, provisioner: temporary.provisioner,
    host: server.endpoint.host, port: server.endpoint.port, version: server.version,
    adminUser: server.endpoint.user, adminPassword: server.endpoint.password, handle: server.handle,
    expiresAt: new Date(now.getTime() + temporary.ttlHours * 3_600_000), destroyedAt: null, createdAt: now,
  };
  if (existing) await core.store.temporaryServers.markDestroyed(existing.id, now);
  await core.store.temporaryServers.add({ ...row, id: existing ? `${op.id}-${now.getTime().toString(36)}` : op.id });
  await setTimer(core, 'temporary-expiry', expiryTimerId(row.id), row.id, row.expiresAt);
  return (await core.store.temporaryServers.forOperation(op.id)) ?? row;
}

const endpointOf = (row: TemporaryServerRow): Endpoint => ({ host: row.host, port: row.port, user: row.adminUser, password: row.adminPassword });

/**
 * The credentials of the temporary server, to the requester alone: a user
 * of its own on a lent server (a static pool's admin is never handed out),
 * else the throwaway server's admin.
 */
async function sendCredentials(ctx: OperationContext, row: TemporaryServerRow, databases: readonly string[]): Promise<void> {
  const { core, op } = ctx;
  const tr = translator(op.locale);
  const provisioner = core.engine.provisioner(row.provisioner);
  const access = await provisioner.accessFor?.(row.handle as Record<string, unknown>, databases) ?? { user: row.adminUser, password: row.adminPassword };
  const requester = op.requestedBy.slice(op.requestedBy.indexOf(':') + 1);
  await core.chat.direct({ platform: op.platform, userId: requester, channelId: op.channelId, operationId: op.id }, textMessage(tr('report.credentials', {
    host: row.host, port: row.port, user: access.user, password: access.password, expires: formatDate(row.expiresAt, op.locale),
  })));
}

/** A temporary server that is one of the account's live servers is given back at once, before anything is recorded or copied. */
async function refuseLive(ctx: OperationContext, server: TemporaryServerRow, live: readonly LiveServer[]): Promise<void> {
  try {
    await refuseLiveTarget(ctx.core.engine.temporaryDriver(), endpointOf(server), live, ctx.op.accountId, 'temporary-is-live');
  } catch (error) {
    await destroyTemporaryServer(ctx.core, server);
    throw error;
  }
}

/**
 * A test import: replace the account's previous temporary server, start one
 * of the target version, copy every database and user from a consistent
 * snapshot, verify, report. The temporary server stays up for its time to
 * live even when the test fails, so people can look at it.
 */
export const testImport: Executor = async (ctx) => {
  const { core, op } = ctx;
  const { account, migration } = configOf(core, op.accountId, op.migrationId);
  const sourceId = op.sourceServer ?? account.server;
  const source = await core.engine.endpointOf(sourceId);
  // The copy goes to a temporary server of the migration's engine: its driver reads the source too.
  const driver = core.engine.temporaryDriver();
  await ctx.step(testSteps.replacePrevious, async () => {
    await destroyTemporaryServersOf(core, account.id, op.id);
    return null;
  });
  const sizes = await core.engine.driverOf(sourceId).databaseSizes(source, account.databases);
  const dataBytes = sizes.reduce((sum, d) => sum + d.bytes, 0);
  let server: TemporaryServerRow | undefined;
  try {
    await ctx.enter(testSteps.provision);
    server = await provision(ctx, dataBytes);
    const target = endpointOf(server);
    const live = await liveServers(core, account.id, [sourceId]);
    await refuseLive(ctx, server, live);
    const provisioner = core.engine.provisioner(server.provisioner);
    await provisioner.recordCreated?.(server.handle as Record<string, unknown>, { databases: account.databases, users: accountUsers(account) });
    const check = await checkBeforeCopy(ctx, { account, migration, sourceId, source, target, targetVersion: server.version });
    await ctx.enter(testSteps.copy);
    const copy = await driver.copyAccount({
      source, target, databases: account.databases, users: accountUsers(account), replaceExisting: true, live: live.map((l) => l.endpoint), signal: ctx.signal,
      definers: definersOf(account, migration),
      logger: { info: (message, fields) => core.logger.info({ operationId: op.id, ...fields }, message), warn: (message, fields) => core.logger.warn({ operationId: op.id, ...fields }, message) },
      onProgress: (p) => ctx.progress({
        step: p.phase === 'verify' ? testSteps.verify.name : testSteps.copy.name, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, rate: p.rate,
        ...(p.database !== undefined ? { database: p.database } : {}), ...(p.table !== undefined ? { table: p.table } : {}),
        ...(p.etaSeconds !== null ? { etaSeconds: p.etaSeconds } : {}),
      }),
    });
    const postImport = await checkAfterCopy(ctx, driver, target, account.databases);
    const replay = await replayStep(ctx, driver, copy, { source, target }, { account, migration });
    await ctx.enter(testSteps.report);
    const failure = testFailure(copy, postImport);
    const report: OperationReport = {
      copy, check, postImport, replay,
      temporaryServer: { address: describeEndpoint(target), version: server.version, expiresAt: server.expiresAt.toISOString() },
      ...(failure ? { failedReason: failure.reason, failedStep: failure.step, failure: failure.fact } : {}),
    };
    await sendCredentials(ctx, server, account.databases);
    return report;
  } catch (error) {
    const cancelled = error instanceof OperationCancelled || ctx.signal.aborted;
    if (cancelled && server) await destroyTemporaryServer(core, server);
    throw cancelled ? new OperationCancelled() : error;
  }
};
