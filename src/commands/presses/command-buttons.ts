import type { Core } from '../../core.ts';

/**
 * Test and Run buttons of `/migrate list` are durable too, but stateless:
 * one action row per (kind, account, migration), reused by every list.
 * Pressing one runs the same checks as typing the command.
 */
export async function commandActionId(core: Core, kind: 'test' | 'run', accountId: string, migrationId: string): Promise<string> {
  const id = `${kind}-${accountId}-${migrationId}`.slice(0, 100);
  await core.store.actions.ensure([{ id, kind, accountId, migrationId, groupId: id, createdAt: core.clock.now() }]);
  return id;
}
