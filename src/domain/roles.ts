import type { AccountConfig, Config, Role } from '../config/schema.ts';
import { UserError } from '../errors.ts';
import type { ChatUser } from './identity.ts';

/** What each role may do; a role may do everything the roles before it may. */
export type Permission = 'list' | 'status' | 'check' | 'test' | 'cancel-own' | 'cancel-any' | 'run' | 'rollback' | 'approve';

const ranks: Record<Role, number> = { viewer: 1, operator: 2, owner: 3, admin: 4 };
const minimumRole: Record<Permission, Role> = {
  list: 'viewer',
  status: 'viewer',
  check: 'operator',
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

/** Throws the refusal that names the role needed, the user's own, and the account. */
export function requirePermission(config: Config, account: AccountConfig, user: ChatUser, permission: Permission): void {
  const role = roleOf(config, account, user);
  if (allows(role, permission)) return;
  throw new UserError('permission-denied', { role: requiredRole(permission), account: account.id, action: permission, yours: role ?? '-' });
}

/**
 * Which account a command is about. An explicit id wins; otherwise the
 * channel's account when the channel maps to exactly one, else the user's
 * when they belong to exactly one. A refusal names only the accounts the
 * user belongs to (all of them for an admin): account ids are customers'
 * names, not for everyone who can type a command.
 */
export function resolveAccount(config: Config, user: ChatUser, channelId: string, explicit?: string): AccountConfig {
  const byUser = accountsOf(config, user);
  if (explicit !== undefined) {
    const account = config.accounts.find((a) => a.id === explicit);
    if (account) return account;
    if (byUser.length === 0) throw new UserError('account-unknown-none', { account: explicit });
    throw new UserError('account-unknown', { account: explicit, known: byUser.map((a) => a.id).join(', ') });
  }
  const byChannel = config.accounts.filter((a) => a.channels[user.platform].includes(channelId));
  if (byChannel.length === 1 && byChannel[0]) return byChannel[0];
  if (byUser.length === 1 && byUser[0]) return byUser[0];
  const visibleInChannel = byChannel.filter((a) => byUser.includes(a));
  const candidates = (visibleInChannel.length > 1 ? visibleInChannel : byUser).map((a) => a.id);
  if (candidates.length === 0) throw new UserError('account-none');
  throw new UserError('account-ambiguous', { accounts: candidates.join(', ') });
}
