/**
 * Discord interactions to core calls. Each interaction gets its first
 * answer at once, computed without waiting on the core's work (Discord
 * gives 3 seconds): a deferred reply, a deferred update, a modal, an "are
 * you sure" message or autocomplete choices. The work runs after it.
 * Nothing here decides anything: refusals and their wording come from the core.
 */
import { ButtonStyle, ComponentType, InteractionResponseType, MessageFlags, TextInputStyle, type APIInteractionResponse } from 'discord.js';
import type { Core } from '../../src/core.ts';
import type { RequestContext } from '../../src/domain/identity.ts';
import type { Outcome } from '../../src/commands/outcome.ts';
import { t, type TextKey } from '../../src/messages/i18n.ts';
import { plain as literal } from '../../src/messages/markup.ts';
import type { DiscordChatPort } from './discord-chat-port.ts';
import type { DiscordCore } from './core-bridge.ts';
import { decodeCustomId, encodeCustomId, typedInputId } from './custom-id.ts';
import { cut, limits, markdown, plain } from './discord-text.ts';
import type { DiscordRequest, InteractionBase } from './interaction.ts';
import type { LiveInteraction } from './live-interactions.ts';

/** The first answer, and the work to do once Discord has it. */
export interface Answer {
  readonly initial: APIInteractionResponse;
  readonly work?: () => Promise<void>;
}

type Press = Extract<DiscordRequest, { kind: 'press' }>;

/**
 * The request as the core sees it. Ephemeral answers stay inside the
 * interaction (its deferred answer, then follow-ups); an answer for the
 * whole channel is a channel message, editable later like any other.
 */
function contextOf(port: DiscordChatPort, live: LiveInteraction): RequestContext {
  const { interaction } = live;
  return {
    user: { platform: 'discord', ...interaction.user }, channelId: interaction.channelId, locale: interaction.locale,
    respond: async (message, { ephemeral }) => {
      if (ephemeral) await port.respond(live, message);
      else await port.post({ platform: 'discord', channelId: interaction.channelId }, message);
    },
  };
}

function modal(press: Press, actionId: string, kind: 'input' | 'review'): APIInteractionResponse {
  const tr = (key: TextKey) => t(press.locale, key);
  const title = kind === 'input' ? tr('confirm.input.title') : plain(press.label) || tr('button.approve');
  const input = kind === 'input'
    ? { label: tr('confirm.input.label'), style: TextInputStyle.Short, required: true, max_length: 100 }
    : { label: tr('discord.review.comment'), style: TextInputStyle.Paragraph, required: false, max_length: 1000, ...(press.about ? { placeholder: cut(plain(press.about), limits.inputPlaceholder) } : {}) };
  return {
    type: InteractionResponseType.Modal,
    data: {
      custom_id: encodeCustomId('modal', actionId), title: cut(title, limits.modalTitle),
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: typedInputId, ...input, label: cut(input.label, limits.inputLabel) }] }],
    },
  };
}

/** The Slack confirm dialog as a second step: an ephemeral message with its own danger button. */
function areYouSure(press: Press, actionId: string): APIInteractionResponse {
  const tr = (key: TextKey, params?: Record<string, string>) => t(press.locale, key, params);
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: {
      flags: MessageFlags.Ephemeral,
      embeds: [{ title: tr('confirm.dialog.title'), description: markdown(tr('discord.sure', { action: literal(press.label), about: literal(cut(plain(press.about), 300)) })), color: 0xe74c3c }],
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: encodeCustomId('yes', actionId), label: cut(tr('confirm.dialog.yes'), limits.buttonLabel) }] }],
      allowed_mentions: { parse: [] },
    },
  };
}

export function interactionHandler(core: Core, bridge: DiscordCore, port: DiscordChatPort) {
  const logged = (what: string, work: () => Promise<void>) => () => work().catch((error: unknown) => core.logger.error({ err: error }, `discord: ${what} failed`));

  /** A press or modal submission after a deferred update: the core's replacement lands on the pressed message. */
  const pressWork = (interaction: InteractionBase, actionId: string, typed?: string) => logged('press', async () => {
    const live = port.open(interaction, false);
    const outcome: Outcome = await bridge.press(contextOf(port, live), actionId, typed);
    port.interactions.started(live, outcome.operations);
    if (outcome.replace) await port.replacePressed(interaction, outcome.replace);
  });

  return async function answer(request: DiscordRequest): Promise<Answer> {
    switch (request.kind) {
      case 'ping':
        return { initial: { type: InteractionResponseType.Pong } };
      case 'command':
        return {
          initial: { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } },
          work: logged('command', async () => {
            const live = port.open(request, true);
            try {
              port.interactions.started(live, (await bridge.command(contextOf(port, live), request.subcommand, request.options)).operations);
            } finally {
              await port.close(live);
            }
          }),
        };
      case 'autocomplete': {
        const focused = request.focused ?? '';
        const ctx: RequestContext = { user: { platform: 'discord', ...request.user }, channelId: request.channelId, locale: request.locale };
        const choices = await bridge.complete(ctx, focused, request.options[focused] ?? '', request.options)
          .catch((error: unknown) => (core.logger.warn({ err: error }, 'discord: autocomplete failed'), []));
        return { initial: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: choices.slice(0, limits.choices).map((c) => ({ name: cut(c.name, limits.choiceName), value: c.value })) } } };
      }
      case 'press': {
        const decoded = decodeCustomId(request.customId);
        const actionId = decoded?.actionId ?? request.customId;
        if (decoded?.step === 'input' || decoded?.step === 'review') return { initial: modal(request, actionId, decoded.step) };
        if (decoded?.step === 'confirm') return { initial: areYouSure(request, actionId) };
        return { initial: { type: InteractionResponseType.DeferredMessageUpdate }, work: pressWork(request, actionId) };
      }
      case 'modal': {
        const actionId = decodeCustomId(request.customId)?.actionId ?? request.customId;
        const typed = request.values[typedInputId];
        return { initial: { type: InteractionResponseType.DeferredMessageUpdate }, work: pressWork(request, actionId, typed === '' ? undefined : typed) };
      }
    }
  };
}
