import type { AccountConfig, Config } from '../config/schema.ts';
import { UserError } from '../errors.ts';
import { accountsOf } from './roles.ts';
import type { ChatUser } from './identity.ts';

/**
 * Which account a command is about. An explicit id wins; otherwise the
 * channel's account when the channel maps to exactly one, else the user's
 * when they belong to exactly one.
 */
export function resolveAccount(config: Config, user: ChatUser, channelId: string, explicit?: string): AccountConfig {
  if (explicit !== undefined) {
    const account = config.accounts.find((a) => a.id === explicit);
    if (!account) throw new UserError('account-unknown', { account: explicit, known: config.accounts.map((a) => a.id).join(', ') || '-' });
    return account;
  }
  const byChannel = config.accounts.filter((a) => a.channels[user.platform].includes(channelId));
  if (byChannel.length === 1 && byChannel[0]) return byChannel[0];
  const byUser = accountsOf(config, user);
  if (byUser.length === 1 && byUser[0]) return byUser[0];
  const candidates = (byChannel.length > 1 ? byChannel : byUser).map((a) => a.id);
  if (candidates.length === 0) throw new UserError('account-none');
  throw new UserError('account-ambiguous', { accounts: candidates.join(', ') });
}
