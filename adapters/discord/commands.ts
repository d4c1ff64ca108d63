/**
 * The `/migrate` application command as Discord registers it: one command,
 * a subcommand per core command, typed options with autocomplete, French
 * names and descriptions. Discord always sends the default (English) names
 * back, whatever the user's language, so the handlers read those.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, type APIApplicationCommandBasicOption, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import type { CommandName, CommandOption } from '../../src/commands/command.ts';
import { t, type TextKey } from '../../src/messages/i18n.ts';

export const commandName = 'migrate';

type OptionName = CommandOption;

/** Each subcommand's options, in the order the text command takes them; required ones first, as Discord demands. */
export const subcommands: Record<CommandName, readonly { readonly name: OptionName; readonly required: boolean }[]> = {
  help: [],
  list: [{ name: 'account', required: false }],
  status: [{ name: 'account', required: false }],
  test: [{ name: 'migration', required: true }, { name: 'account', required: false }],
  run: [{ name: 'migration', required: true }, { name: 'account', required: false }],
  rollback: [{ name: 'account', required: false }],
  cancel: [{ name: 'operation', required: true }],
};

const frenchNames: Readonly<Record<CommandName | OptionName | typeof commandName, string>> = {
  migrate: 'migrer', help: 'aide', list: 'liste', status: 'statut', test: 'tester', run: 'lancer', rollback: 'retour', cancel: 'annuler',
  migration: 'migration', account: 'compte', operation: 'opération',
};

function described(key: TextKey) {
  return { description: t('en', key), description_localizations: { fr: t('fr', key) } };
}

function option(name: OptionName, required: boolean): APIApplicationCommandBasicOption {
  return {
    type: ApplicationCommandOptionType.String, name, name_localizations: { fr: frenchNames[name] },
    ...described(`discord.option.${name}`), required, autocomplete: true, max_length: 64,
  };
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
