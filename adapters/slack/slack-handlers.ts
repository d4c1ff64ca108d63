/**
 * Slack requests to core commands and presses. Every listener acknowledges
 * first (Slack wants an answer within 3 seconds) and works afterwards: the
 * core answers through the request's `respond`, long work goes to the queue. Nothing
 * here decides anything: refusals and their wording come from the core.
 */
import type { App } from '@slack/bolt';
import type { Core } from '../../src/core.ts';
import type { RequestContext, Respond } from '../../src/domain/identity.ts';
import type { Outcome } from '../../src/commands/outcome.ts';
import { handleCommand, handlePress } from '../../src/commands/dispatch.ts';
import type { SlackChatPort } from './slack-chat-port.ts';
import { decodePressValue } from './press-value.ts';
import { pressCallbackId, pressModal, readPressMetadata, typedActionId, typedBlockId } from './modals.ts';

interface SlackUser {
  readonly id: string;
  readonly name?: string | undefined;
}

/**
 * A request's answers, in its channel: ephemeral ones with
 * chat.postEphemeral to the requester. They go through the port's queue
 * of that channel, so they keep their order with the operation messages
 * the same request posts there (the answer to a test, then its progress).
 */
function respondIn(port: SlackChatPort, channelId: string, userId: string): Respond {
  return async (message, { ephemeral }) => {
    await port.post({ platform: 'slack', channelId, ...(ephemeral ? { ephemeralTo: userId } : {}) }, message);
  };
}

async function requestContext(core: Core, port: SlackChatPort, user: SlackUser, channelId: string): Promise<RequestContext> {
  const locale = (await port.localeOf(user.id)) ?? core.config.locale;
  return { user: { platform: 'slack', id: user.id, ...(user.name ? { name: user.name } : {}) }, channelId, locale, respond: respondIn(port, channelId, user.id) };
}

/** Replaces the pressed message when the core says so; a stale response_url only costs that replacement. */
async function applyOutcome(core: Core, port: SlackChatPort, outcome: Outcome, responseUrl: string | undefined): Promise<void> {
  if (!outcome.replace || !responseUrl) return;
  try {
    await port.replaceVia(responseUrl, outcome.replace);
  } catch (error) {
    core.logger.warn({ err: error }, 'slack: replacing the pressed message failed');
  }
}

export function registerSlackHandlers(app: App, core: Core, port: SlackChatPort): void {
  // The app has one command; its name is whatever the manifest calls it (`/migrate` by default).
  app.command(/^\/.+/, async ({ command, ack }) => {
    await ack();
    const ctx = await requestContext(core, port, { id: command.user_id, name: command.user_name }, command.channel_id);
    await handleCommand(core, ctx, `/migrate ${command.text ?? ''}`);
  });

  app.action({ type: 'block_actions' }, async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    // Bolt types the container loosely; a press always comes from a message in a channel.
    const container = body.container as { channel_id?: string } | undefined;
    const channelId = body.channel?.id ?? container?.channel_id;
    if (!channelId) return;
    const press = decodePressValue(action.action_id, action.value);
    if (press.modal) {
      // The trigger lives 3 seconds: the modal opens before anything else.
      await client.views.open({ trigger_id: body.trigger_id, view: pressModal(press.modal, { a: press.actionId, c: channelId, r: body.response_url }) });
      return;
    }
    const ctx = await requestContext(core, port, { id: body.user.id, name: body.user.username ?? body.user.name }, channelId);
    await applyOutcome(core, port, await handlePress(core, ctx, press.actionId), body.response_url);
  });

  app.view(pressCallbackId, async ({ ack, body, view }) => {
    await ack();
    const metadata = readPressMetadata(view.private_metadata);
    if (!metadata) return;
    const typed = view.state.values[typedBlockId]?.[typedActionId]?.value ?? undefined;
    const ctx = await requestContext(core, port, { id: body.user.id, name: body.user.name }, metadata.c);
    await applyOutcome(core, port, await handlePress(core, ctx, metadata.a, typed ?? undefined), metadata.r);
  });

  // The manifest subscribes to these so an uninstall shows in the logs instead of as failing calls.
  app.event('app_uninstalled', () => Promise.resolve(core.logger.warn({}, 'slack: the app was uninstalled from the workspace')));
  app.event('tokens_revoked', () => Promise.resolve(core.logger.warn({}, 'slack: tokens were revoked')));

  app.error((error) => Promise.resolve(core.logger.error({ err: error }, 'slack: a request failed')));
}
