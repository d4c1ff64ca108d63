import type { Message } from '../messages/model.ts';
import type { Core } from '../core.ts';
import type { RequestContext } from '../domain/identity.ts';

/** What a command or press did, for the adapter. */
export interface Outcome {
  /** Operations this request created or moved on: the terminal waits for them to settle. */
  readonly operations: readonly string[];
  /** Replaces the message whose button was pressed (Slack response_url, Discord UPDATE_MESSAGE). */
  readonly replace?: Message;
}

export const nothing: Outcome = { operations: [] };

/** Answers the requester: in the channel, or to them alone. */
export async function reply(core: Core, ctx: RequestContext, message: Message, ephemeral: boolean): Promise<void> {
  await core.chat.post({ platform: ctx.user.platform, channelId: ctx.channelId, ...(ephemeral ? { ephemeralTo: ctx.user.id } : {}) }, message);
}


/** What the audit log records of a request; filled in as the request is understood. */
export interface Audit {
  accountId: string | null;
  action: string;
}
