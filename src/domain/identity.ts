import type { Locale, Platform } from '../messages/model.ts';

/** Someone talking to the bot, as their platform names them. */
export interface ChatUser {
  readonly platform: Platform;
  readonly id: string;
  readonly name?: string;
}

/** The stable key of a user in the state database: `slack:U123`. */
export function userKey(user: ChatUser): string {
  return `${user.platform}:${user.id}`;
}

/** Who asked, from where, in which language: everything a command or press carries. */
export interface RequestContext {
  readonly user: ChatUser;
  readonly channelId: string;
  readonly locale: Locale;
}
