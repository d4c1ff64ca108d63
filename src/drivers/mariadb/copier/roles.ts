import type { DatabaseUser } from '../../endpoint.ts';
import type { RoleDefinition } from './accounts.ts';
import type { Session } from './connections.ts';
import { quoteString } from './quote.ts';

/**
 * Creates the account's roles on the target (their privileges come with
 * the users' grants, once the objects they name exist). An existing role
 * is kept as it is without `replace`; with `replace` it is dropped and
 * made again, unless someone outside the account holds it: dropping a role
 * takes it from every holder, so that one is refused (thrown) instead.
 * CREATE ROLE makes the target's admin an administrator of the role, as
 * the source's creator is: that lets it grant the role to the users.
 */
export async function createRole(target: Session, role: RoleDefinition, replace: boolean, account: readonly DatabaseUser[], roles: readonly RoleDefinition[]): Promise<void> {
  const name = quoteString(role.name);
  const exists = (await target.rows("SELECT 1 FROM mysql.global_priv WHERE User = ? AND Host = ''", [role.name])).length > 0;
  if (exists && !replace) return;
  if (exists) {
    const foreign = await foreignHolders(target, role.name, account, roles);
    if (foreign.length > 0) {
      throw new Error(`role ${role.name} exists on the target and is held by ${foreign.join(', ')}, outside the account: it was not replaced`);
    }
    await target.exec(`DROP ROLE ${name}`);
  }
  await target.exec(`CREATE ROLE ${name}`);
}

/** Holders of `role` on the target other than the account's users, its roles and the session's own admin. */
async function foreignHolders(target: Session, role: string, account: readonly DatabaseUser[], roles: readonly RoleDefinition[]): Promise<string[]> {
  const [me] = await target.rows("SELECT SUBSTRING_INDEX(CURRENT_USER(), '@', 1) u, SUBSTRING_INDEX(CURRENT_USER(), '@', -1) h");
  const ours = new Set([
    ...account.map((u) => `${u.user}@${u.host}`), ...roles.map((r) => `${r.name}@`), `${String(me?.['u'])}@${String(me?.['h'])}`,
  ]);
  const holders = await target.rows('SELECT User u, Host h FROM mysql.roles_mapping WHERE Role = ?', [role]);
  return holders.map((h) => `${String(h['u'])}@${String(h['h'])}`).filter((h) => !ours.has(h));
}
