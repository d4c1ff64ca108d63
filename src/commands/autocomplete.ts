import type { AccountConfig } from '../config/schema.ts';
import type { Core } from '../core.ts';
import { userKey, type ChatUser } from '../domain/identity.ts';
import { migrationsFor } from '../domain/catalog.ts';
import { accountsOf, allows, roleOf } from '../domain/roles.ts';
import { isFinal } from '../domain/operation-state.ts';
import { translator } from '../messages/i18n.ts';
import type { Locale } from '../messages/model.ts';
import type { CommandOption } from './command.ts';

/** One suggestion: what the user reads, and the option value it stands for. */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

export interface AutocompleteQuery {
  readonly option: CommandOption;
  /** What the user has typed so far in that option. */
  readonly partial: string;
  /** The account option already given, which narrows migrations and operations to it. */
  readonly account?: string;
  /** The reader's language, for migration titles and statuses; the config's by default. */
  readonly locale?: Locale;
}

/** Discord takes at most 25 choices, each name and value of 1-100 characters. */
const maxChoices = 25;
const maxLength = 100;

function cutName(name: string): string {
  return [...name].length <= maxLength ? name : `${[...name].slice(0, maxLength - 1).join('')}…`;
}

/** Choices whose value or name holds `partial` (case-insensitive), those starting with it first. */
function matching(choices: readonly Choice[], partial: string): Choice[] {
  const wanted = partial.trim().toLowerCase();
  const hits = choices.filter((c) => c.value.toLowerCase().includes(wanted) || c.name.toLowerCase().includes(wanted));
  const starts = (c: Choice) => (c.value.toLowerCase().startsWith(wanted) ? 0 : 1);
  return hits.sort((a, b) => starts(a) - starts(b)).slice(0, maxChoices).map((c) => ({ name: cutName(c.name), value: c.value.slice(0, maxLength) }));
}

/** The user's accounts where they may at least read, narrowed to `account` when given. */
function readableAccounts(core: Core, user: ChatUser, account: string | undefined): AccountConfig[] {
  return accountsOf(core.config, user)
    .filter((a) => account === undefined || a.id === account)
    .filter((a) => allows(roleOf(core.config, a, user), 'list'));
}

async function cancellableOperations(core: Core, user: ChatUser, accounts: readonly AccountConfig[], locale: Locale): Promise<Choice[]> {
  const tr = translator(locale);
  const choices: Choice[] = [];
  for (const account of accounts) {
    // One operation per account at a time: the lock's holder is the only one that can be cancelled.
    const holder = await core.store.operations.holderOf(account.id);
    if (!holder || isFinal(holder.status)) continue;
    const role = roleOf(core.config, account, user);
    const own = holder.requestedBy === userKey(user);
    if (!(own ? allows(role, 'cancel-own') : allows(role, 'cancel-any'))) continue;
    choices.push({ value: holder.id, name: `${holder.id} — ${tr(`kind.${holder.kind}`)} ${holder.migrationId} (${account.id}), ${tr(`status.${holder.status}`)}` });
  }
  return choices;
}

/**
 * Suggestions for one option of a command being typed (Discord
 * autocomplete): the accounts the user belongs to, the migrations of an
 * account (or of all their accounts), the operations they may cancel. Only
 * what the user may see; at most 25, within Discord's lengths.
 */
export async function autocomplete(core: Core, user: ChatUser, query: AutocompleteQuery): Promise<Choice[]> {
  const locale = query.locale ?? core.config.locale;
  const accounts = readableAccounts(core, user, query.account);
  switch (query.option) {
    case 'account':
      return matching(readableAccounts(core, user, undefined).map((a) => ({ value: a.id, name: a.id })), query.partial);
    case 'migration': {
      const seen = new Map<string, Choice>();
      for (const account of accounts) {
        for (const m of migrationsFor(core.config, account)) seen.set(m.id, { value: m.id, name: `${m.id} — ${m.title[locale]}` });
      }
      return matching([...seen.values()], query.partial);
    }
    case 'operation':
      return matching(await cancellableOperations(core, user, accounts, locale), query.partial);
  }
}
