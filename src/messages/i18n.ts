import type { Locale } from './model.ts';
import { en, type BotRefusalCode, type MessageKey } from './locales/en.ts';
import { fr } from './locales/fr.ts';
import { driverErrors, type DriverErrorCode } from './locales/driver-errors.ts';
import { replayTexts, type ReplayTextKey } from './locales/replay.ts';
import { checkTexts, type CheckRefusalCode, type CheckTextKey } from './locales/check-texts.ts';

export type { MessageKey };
export type Params = Readonly<Record<string, string | number>>;

/**
 * Every key with a text. Each catalog is typed against its English keys, so
 * a key without French text, or a French text without English key, does not
 * compile; dynamic keys are template literals over unions
 * (`` `status.${op.status}` ``), checked the same way.
 */
export type TextKey = MessageKey | DriverErrorCode | ReplayTextKey | CheckTextKey;
/** The codes a UserError may carry: the bot's refusals, the drivers' (provisioners, copier), `/migrate check`'s. */
export type RefusalCode = BotRefusalCode | DriverErrorCode | CheckRefusalCode;

/** The bot's texts, then the drivers' refusals, the query replay's and `/migrate check`'s, kept in files of their own. */
const catalogs: Record<Locale, Readonly<Record<TextKey, string>>> = {
  en: { ...en, ...driverErrors.en, ...replayTexts.en, ...checkTexts.en },
  fr: { ...fr, ...driverErrors.fr, ...replayTexts.fr, ...checkTexts.fr },
};

/** The text of `key` in `locale` with its {placeholders} filled; a placeholder without a param stays visible. */
export function t(locale: Locale, key: TextKey, params: Params = {}): string {
  // A key cast from outside the type system (a value read back) shows as itself rather than crash a reply.
  const template: string | undefined = catalogs[locale][key];
  return (template ?? key).replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** For strings from outside the type system (tests, stored values): whether it names a text. */
export function isTextKey(key: string): key is TextKey {
  return Object.hasOwn(catalogs.en, key);
}

/** Every key and its template in `locale`, for the texts test. */
export function catalogEntries(locale: Locale): ReadonlyArray<readonly [TextKey, string]> {
  return Object.entries(catalogs[locale]) as Array<[TextKey, string]>;
}

/** A translator bound to one reader's language. */
export type Translate = (key: TextKey, params?: Params) => string;
export const translator = (locale: Locale): Translate => (key, params) => t(locale, key, params);
