import type { AccountConfig } from '../config/schema.ts';
import type { DatabaseUser } from '../drivers/driver.ts';

/** 'user@host' (the config's form) as a DatabaseUser: the host is what follows the last '@'. */
export function parseAccount(entry: string): DatabaseUser {
  const at = entry.lastIndexOf('@');
  return { user: entry.slice(0, at), host: entry.slice(at + 1) };
}

/** The account's database users from config ('user@host'). */
export function accountUsers(account: AccountConfig): DatabaseUser[] {
  return account.users.map(parseAccount);
}

/** What a freeze of the account locks and ends: its users, then the accounts the config freezes with it. */
export function frozenUsers(account: AccountConfig): DatabaseUser[] {
  return [...new Set([...account.users, ...account.frozenWithAccount])].map(parseAccount);
}
