import type { Locale } from './model.ts';
import { en, type MessageKey } from './locales/en.ts';
import { fr } from './locales/fr.ts';
import { provisionerErrors } from './locales/provisioner-errors.ts';
import { copierErrors } from './locales/copier-errors.ts';

export type { MessageKey };
export type Params = Readonly<Record<string, string | number>>;

type Catalog = Readonly<Record<string, string>>;
/** The bot's texts, then the engine's refusals (provisioners, copier), kept in files of their own. */
const catalogs: Record<Locale, readonly Catalog[]> = {
  en: [en, provisionerErrors.en, copierErrors.en],
  fr: [fr, provisionerErrors.fr, copierErrors.fr],
};

function lookup(locale: Locale, key: string): string | undefined {
  for (const catalog of catalogs[locale]) if (key in catalog) return catalog[key];
  return locale === 'en' ? undefined : lookup('en', key);
}

/** The text of `key` in `locale` with its {placeholders} filled; unknown keys show as themselves. */
export function t(locale: Locale, key: MessageKey | string, params: Params = {}): string {
  const template = lookup(locale, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function hasText(key: string): boolean {
  return lookup('en', key) !== undefined;
}

/** A translator bound to one reader's language. */
export type Translate = (key: MessageKey | string, params?: Params) => string;
export const translator = (locale: Locale): Translate => (key, params) => t(locale, key, params);
