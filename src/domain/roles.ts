import type { AccountConfig, Config, Role } from '../config/schema.ts';
import type { ChatUser } from './identity.ts';

/** What each role may do; a role may do everything the roles before it may. */
export type Permission = 'list' | 'status' | 'test' | 'cancel-own' | 'cancel-any' | 'run' | 'rollback' | 'approve';

const ranks: Record<Role, number> = { viewer: 1, operator: 2, owner: 3, admin: 4 };
const minimumRole: Record<Permission, Role> = {
  list: 'viewer',
  status: 'viewer',
  test: 'operator',
  'cancel-own': 'operator',
  run: 'owner',
  rollback: 'owner',
  approve: 'owner',
  'cancel-any': 'owner',
};

type Member = { readonly role: Role; readonly shell?: string | undefined; readonly slack?: string | undefined; readonly discord?: string | undefined };

function matches(member: Member, user: ChatUser): boolean {
  return member[user.platform] === user.id;
}

/** The user's role on an account: admin anywhere when listed in `admins`, else the account's member entry. */
export function roleOf(config: Config, account: AccountConfig, user: ChatUser): Role | undefined {
  if (config.admins.some((m) => matches(m, user))) return 'admin';
  return account.members.find((m) => matches(m, user))?.role;
}

export function isAdmin(config: Config, user: ChatUser): boolean {
  return config.admins.some((m) => matches(m, user));
}

export function allows(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && ranks[role] >= ranks[minimumRole[permission]];
}

export function requiredRole(permission: Permission): Role {
  return minimumRole[permission];
}

/** Accounts this user is a member of (all of them for an admin). */
export function accountsOf(config: Config, user: ChatUser): AccountConfig[] {
  if (isAdmin(config, user)) return config.accounts;
  return config.accounts.filter((a) => a.members.some((m) => matches(m, user)));
}
