import type { AccountConfig, Config } from '../config/schema.ts';
import { UserError } from '../errors.ts';
import { accountsOf } from './roles.ts';
import type { ChatUser } from './identity.ts';

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
