import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { catalogEntries, t, type MessageKey } from '../../src/messages/i18n.ts';
import type { fr } from '../../src/messages/locales/fr.ts';

/**
 * That every code and key has both texts is the compiler's job (see the
 * two compile-time checks below); these tests check the wording.
 */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Texts that are the same word in both languages, checked by a reader, not left untranslated. */
const sameInBothLanguages = new Set(['kind.test', 'list.docs', 'list.test-running']);

/** Code spans, preformatted logs and placeholders are not prose: commands and names stay English. */
const prose = (text: string) => text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`]*`/g, ' ').replace(/\{\w+\}/g, ' ');
const englishWords = /\b(the|and|is|are|was|has|with|not|cannot|to|of|you|your|this|it|on|in|for|from)\b/i;

describe('texts', () => {
  const english = catalogEntries('en');

  it('has a few hundred texts, none of them empty in either language', () => {
    expect(english.length).toBeGreaterThan(150);
    const empty = english.filter(([key, text]) => text.trim() === '' || t('fr', key).trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in English and French', () => {
    const mismatched = english
      .filter(([key, text]) => placeholders(text).join() !== placeholders(t('fr', key)).join())
      .map(([key, text]) => `${key}: en {${placeholders(text).join()}} fr {${placeholders(t('fr', key)).join()}}`);
    expect(mismatched).toEqual([]);
  });

  it('leaves no English in the French texts', () => {
    // A text with no words of its own (a bullet and a placeholder) reads the same in every language.
    const hasWords = (text: string) => /\p{L}/u.test(prose(text));
    const untranslated = english.filter(([key, text]) => t('fr', key) === text && hasWords(text) && !sameInBothLanguages.has(key)).map(([key]) => key);
    expect(untranslated).toEqual([]);
    const englishProse = catalogEntries('fr').filter(([, text]) => englishWords.test(prose(text))).map(([key, text]) => `${key}: ${text}`);
    expect(englishProse).toEqual([]);
  });

  it('fills placeholders from params and leaves unknown ones visible', () => {
    expect(t('fr', 'rollback-none', { account: 'acme' })).toBe("`acme` n'a aucune migration à annuler.");
    expect(t('en', 'copier.target-database-exists', {})).toContain('{database}');
  });

  it('refuses, at compile time, a refusal code without texts and a French catalog missing a key', () => {
    // @ts-expect-error 'no-such-code' is no refusal code: this line must not compile.
    const refused = new UserError('no-such-code');
    // @ts-expect-error the French catalog needs every English key: a partial one must not compile.
    const partial: typeof fr = { 'account-unknown': 'Compte inconnu' };
    const missingKey: MessageKey = 'account-none';
    expect(refused.code).toBe('no-such-code');
    expect(Object.keys(partial)).not.toContain(missingKey);
  });
});
