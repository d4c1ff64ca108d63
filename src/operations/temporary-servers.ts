import type { Core } from '../core.ts';
import { errorMessage } from '../errors.ts';
import type { TemporaryServerRow } from '../state/temporary-servers-repo.ts';

export const expiryTimerId = (serverId: string) => `temporary-expiry-${serverId}`;

/** Destroys a temporary server (idempotent) and marks it destroyed in the state database. */
export async function destroyTemporaryServer(core: Core, row: TemporaryServerRow): Promise<void> {
  if (row.destroyedAt) return;
  await core.engine.provisioner(row.provisioner).destroy(row.handle as Record<string, unknown>);
  await core.store.temporaryServers.markDestroyed(row.id, core.clock.now());
  await core.store.timers.cancel(expiryTimerId(row.id), core.clock.now());
  core.logger.info({ temporaryServer: row.id, account: row.accountId }, 'temporary server destroyed');
}

/** A new test replaces the account's previous temporary servers. */
export async function destroyTemporaryServersOf(core: Core, accountId: string, exceptOperationId: string): Promise<void> {
  for (const row of await core.store.temporaryServers.liveForAccount(accountId)) {
    if (row.operationId !== exceptOperationId) await destroyTemporaryServer(core, row);
  }
}

/**
 * At start: temporary servers still within their time to live are adopted
 * (their expiry timer is scheduled again); expired or dead ones are destroyed.
 */
export async function adoptTemporaryServers(core: Core): Promise<void> {
  for (const row of await core.store.temporaryServers.live()) {
    try {
      const provisioner = core.engine.provisioner(row.provisioner);
      const alive = await provisioner.isAlive(row.handle as Record<string, unknown>);
      if (!alive || row.expiresAt <= core.clock.now()) await destroyTemporaryServer(core, row);
      else await core.queue.scheduleTimer({ timerId: expiryTimerId(row.id), dueAt: row.expiresAt });
    } catch (error) {
      core.logger.warn({ temporaryServer: row.id, reason: errorMessage(error) }, 'could not adopt temporary server');
    }
  }
}
