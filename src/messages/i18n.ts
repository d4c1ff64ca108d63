import type { Locale } from './model.ts';
import { en, type MessageKey } from './locales/en.ts';
import { fr } from './locales/fr.ts';

export type { MessageKey };
export type Params = Readonly<Record<string, string | number>>;

type Catalog = Readonly<Record<string, string>>;
const catalogs: Record<Locale, Catalog[]> = { en: [en], fr: [fr] };

/** Lets an engine module add its own error texts (same keys in both languages). */
export function registerTexts(texts: { en: Catalog; fr: Catalog }): void {
  catalogs.en.push(texts.en);
  catalogs.fr.push(texts.fr);
}

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
