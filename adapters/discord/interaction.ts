/**
 * An interaction as Discord sends it (HTTP body or Gateway INTERACTION_CREATE
 * dispatch), validated with zod and reduced to what the handlers need.
 * Whatever fails here is something Discord would never send: HTTP mode
 * answers it 400, the Gateway logs and drops it.
 */
import { z } from 'zod';
import { validate } from '../../src/config/load-config.ts';
import { ValidationError } from '../../src/errors.ts';
import type { Locale } from '../../src/messages/model.ts';

const snowflake = z.string().regex(/^\d{1,25}$/, 'must be a snowflake');
const user = z.object({ id: snowflake, username: z.string().max(100).optional(), global_name: z.string().max(100).nullish() });
const option = z.object({ name: z.string().max(32), type: z.number().int(), value: z.union([z.string(), z.number(), z.boolean()]).optional(), focused: z.boolean().optional() });
const subcommand = z.object({ name: z.string().max(32), type: z.literal(1), options: z.array(option).max(25).default([]) });
const commandData = z.object({ name: z.string().max(32), options: z.array(subcommand).max(25).default([]) });
const textInput = z.object({ custom_id: z.string().max(100), value: z.string().max(4000).optional() });
const modalRow = z.object({ components: z.array(textInput).max(5).optional(), component: textInput.optional() });

const common = {
  id: snowflake,
  application_id: snowflake,
  token: z.string().min(1).max(500),
  locale: z.string().max(10).optional(),
  channel_id: snowflake.optional(),
  channel: z.object({ id: snowflake }).optional(),
  member: z.object({ user }).optional(),
  user: user.optional(),
};

const schema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(1) }).loose(),
  z.object({ ...common, type: z.literal(2), data: commandData }),
  z.object({
    ...common, type: z.literal(3),
    data: z.object({ custom_id: z.string().min(1).max(100), component_type: z.number().int() }),
    message: z.object({
      id: snowflake,
      content: z.string().default(''),
      embeds: z.array(z.object({ title: z.string().optional() }).loose()).default([]),
      components: z.array(z.object({ components: z.array(z.object({ custom_id: z.string().optional(), label: z.string().optional() }).loose()).default([]) }).loose()).default([]),
    }).loose().optional(),
  }),
  z.object({ ...common, type: z.literal(4), data: commandData }),
  z.object({ ...common, type: z.literal(5), data: z.object({ custom_id: z.string().min(1).max(100), components: z.array(modalRow).max(5).default([]) }) }),
]);

/** Who pressed or typed, where, in which language; and how to answer (the token, 15 minutes). */
export interface InteractionBase {
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  readonly channelId: string;
  readonly user: { readonly id: string; readonly name?: string };
  readonly locale: Locale;
}

export type DiscordRequest =
  | { readonly kind: 'ping' }
  | (InteractionBase & { readonly kind: 'command' | 'autocomplete'; readonly subcommand: string; readonly options: Readonly<Record<string, string>>; readonly focused?: string })
  | (InteractionBase & {
    readonly kind: 'press';
    readonly customId: string;
    /** What the pressed message is about (its embed title, else its text) and the pressed button's label, for a second step's wording. */
    readonly about: string;
    readonly label: string;
  })
  | (InteractionBase & { readonly kind: 'modal'; readonly customId: string; readonly values: Readonly<Record<string, string>> });

/** `fr`, `fr-CA`... are French; every other Discord locale reads English. */
export function localeOf(discordLocale: string | undefined, fallback: Locale): Locale {
  if (discordLocale === undefined) return fallback;
  return discordLocale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function readInteraction(raw: unknown, fallbackLocale: Locale): DiscordRequest {
  const parsed = validate(schema, raw, 'Discord interaction');
  if (parsed.type === 1) return { kind: 'ping' };
  const who = parsed.member?.user ?? parsed.user;
  const channelId = parsed.channel_id ?? parsed.channel?.id;
  if (!who || !channelId) throw new ValidationError('Discord interaction', [{ path: who ? 'channel_id' : 'member.user', message: 'missing' }]);
  const name = who.global_name ?? who.username;
  const base: InteractionBase = {
    id: parsed.id, token: parsed.token, applicationId: parsed.application_id, channelId,
    user: { id: who.id, ...(name ? { name } : {}) }, locale: localeOf(parsed.locale, fallbackLocale),
  };
  switch (parsed.type) {
    case 2:
    case 4: {
      const sub = parsed.data.options[0];
      const options = Object.fromEntries((sub?.options ?? []).filter((o) => o.value !== undefined).map((o) => [o.name, String(o.value)]));
      const focused = sub?.options.find((o) => o.focused)?.name;
      return { ...base, kind: parsed.type === 2 ? 'command' : 'autocomplete', subcommand: sub?.name ?? 'help', options, ...(focused ? { focused } : {}) };
    }
    case 3: {
      const message = parsed.message;
      const pressed = message?.components.flatMap((row) => row.components).find((c) => c.custom_id === parsed.data.custom_id);
      const about = message?.embeds[0]?.title ?? message?.content ?? '';
      return { ...base, kind: 'press', customId: parsed.data.custom_id, about, label: pressed?.label ?? '' };
    }
    case 5: {
      const inputs = parsed.data.components.flatMap((row) => [...(row.components ?? []), ...(row.component ? [row.component] : [])]);
      return { ...base, kind: 'modal', customId: parsed.data.custom_id, values: Object.fromEntries(inputs.map((i) => [i.custom_id, i.value ?? ''])) };
    }
  }
}
