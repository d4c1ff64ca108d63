import type { Locale, Message, Platform } from '../messages/model.ts';

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

export interface RespondOptions {
  /** Only the requester sees the answer (Slack ephemeral, Discord flag 64, the terminal marks it). */
  readonly ephemeral: boolean;
}

/**
 * Answers the request it belongs to. Contract: the adapter delivers it
 * inside its platform's request (Slack: the request's channel, to the
 * requester when ephemeral; Discord: the interaction's initial response,
 * then follow-ups), in the order of the calls; several answers to one
 * request are allowed (`/migrate status` gives up to three). Answers are
 * never updated later: what must change goes to a channel with `post`.
 */
export type Respond = (message: Message, options: RespondOptions) => Promise<void>;

/**
 * Who asked, from where, in which language, and how to answer them:
 * everything a command or press carries. An adapter always gives `respond`;
 * without it (a test driving the core directly) answers are posted to the
 * request's channel through its platform's port, ephemeral to the user.
 */
export interface RequestContext {
  readonly user: ChatUser;
  readonly channelId: string;
  readonly locale: Locale;
  readonly respond?: Respond;
}
