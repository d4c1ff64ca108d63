import type { AccountConfig } from '../config/schema.ts';
import type { DatabaseUser } from '../drivers/driver.ts';

/** The account's database users from config ('user@host'). */
export function accountUsers(account: AccountConfig): DatabaseUser[] {
  return account.users.map((entry) => {
    const at = entry.lastIndexOf('@');
    return { user: entry.slice(0, at), host: entry.slice(at + 1) };
  });
}
