/**
 * The `/migrate` application command as Discord registers it: one command,
 * a subcommand per core command, typed options with autocomplete, French
 * names and descriptions. Discord always sends the default (English) names
 * back, whatever the user's language, so the handlers read those.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, type APIApplicationCommandBasicOption, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { maxReasonLength, type CommandName, type CommandOption } from '../../src/commands/command.ts';
import { t, type TextKey } from '../../src/messages/i18n.ts';

export const commandName = 'migrate';

/** The typed options, plus run's `override-check` (the text command's `--override-check "reason"`): free text, no autocomplete. */
type OptionName = CommandOption | 'override-check';

/** Each subcommand's options, in the order the text command takes them; required ones first, as Discord demands. */
export const subcommands: Record<CommandName, readonly { readonly name: OptionName; readonly required: boolean }[]> = {
  help: [],
  list: [{ name: 'account', required: false }],
  status: [{ name: 'account', required: false }],
  check: [{ name: 'migration', required: true }, { name: 'account', required: false }],
  test: [{ name: 'migration', required: true }, { name: 'account', required: false }],
  run: [{ name: 'migration', required: true }, { name: 'account', required: false }, { name: 'override-check', required: false }],
  rollback: [{ name: 'account', required: false }],
  cancel: [{ name: 'operation', required: true }],
};

const frenchNames: Readonly<Record<CommandName | OptionName | typeof commandName, string>> = {
  migrate: 'migrer', help: 'aide', list: 'liste', status: 'statut', check: 'verifier', test: 'tester', run: 'lancer', rollback: 'retour', cancel: 'annuler',
  migration: 'migration', account: 'compte', operation: 'opération', 'override-check': 'forcer-verification',
};

function described(key: TextKey) {
  return { description: t('en', key), description_localizations: { fr: t('fr', key) } };
}

function option(name: OptionName, required: boolean): APIApplicationCommandBasicOption {
  const common = { type: ApplicationCommandOptionType.String, name, name_localizations: { fr: frenchNames[name] }, ...described(`discord.option.${name}`), required } as const;
  // A reason is the admin's own words: nothing to complete, and as long as the text command allows.
  if (name === 'override-check') return { ...common, autocomplete: false, max_length: maxReasonLength };
  return { ...common, autocomplete: true, max_length: 64 };
}

/** The body of `PUT /applications/{id}/commands` (or its guild variant): a bulk overwrite. */
export function commandDefinitions(): RESTPutAPIApplicationCommandsJSONBody {
  return [{
    type: ApplicationCommandType.ChatInput,
    name: commandName,
    name_localizations: { fr: frenchNames.migrate },
    ...described('discord.command'),
    options: (Object.keys(subcommands) as CommandName[]).map((sub) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: sub,
      name_localizations: { fr: frenchNames[sub] },
      ...described(`discord.command.${sub}`),
      options: subcommands[sub].map((o) => option(o.name, o.required)),
    })),
  }];
}
