import type { AccountConfig } from '../config/schema.ts';
import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import type { ChatUser } from '../domain/identity.ts';
import { allows, requiredRole, roleOf, type Permission } from '../domain/roles.ts';

/** Throws the refusal that names the role needed, the user's own, and the account. */
export function requirePermission(core: Core, account: AccountConfig, user: ChatUser, permission: Permission): void {
  const role = roleOf(core.config, account, user);
  if (allows(role, permission)) return;
  throw new UserError('permission-denied', { role: requiredRole(permission), account: account.id, action: permission, yours: role ?? '-' });
}
