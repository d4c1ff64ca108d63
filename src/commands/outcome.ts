import type { Message } from '../messages/model.ts';
import type { Core } from '../core.ts';
import type { RequestContext } from '../domain/identity.ts';

/** What a command or press did, for the adapter. */
export interface Outcome {
  /** Operations this request created or moved on: the terminal waits for them to settle, Discord remembers its interaction for them. */
  readonly operations: readonly string[];
  /** Replaces the message whose button was pressed (Slack response_url, Discord UPDATE_MESSAGE, the terminal prints it). */
  readonly replace?: Message;
}

export const nothing: Outcome = { operations: [] };

/**
 * Answers the requester through their request (`respond`); `ephemeral`
 * keeps the answer to them alone. A context without `respond` (a test
 * driving the core) gets it posted to its channel, as RequestContext says.
 */
export async function reply(core: Core, ctx: RequestContext, message: Message, ephemeral: boolean): Promise<void> {
  if (ctx.respond) {
    await ctx.respond(message, { ephemeral });
    return;
  }
  await core.chat.post({ platform: ctx.user.platform, channelId: ctx.channelId, ...(ephemeral ? { ephemeralTo: ctx.user.id } : {}) }, message);
}

/** What the audit log records of a request; filled in as the request is understood. */
export interface Audit {
  accountId: string | null;
  action: string;
}
