import { describe, expect, it } from 'vitest';
import { dictionaries, LOCALES, makeTranslate } from './i18n.ts';

describe('i18n completeness', () => {
  const reference = Object.keys(dictionaries['es-PE']).sort();

  it.each(LOCALES)('%s has exactly the es-PE keys, none empty', (locale) => {
    const dictionary = dictionaries[locale];
    expect(Object.keys(dictionary).sort()).toEqual(reference);
    for (const [key, text] of Object.entries(dictionary)) expect(text.trim(), key).not.toBe('');
  });

  it.each(LOCALES)('%s uses the same placeholders as es-PE', (locale) => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of reference) {
      const k = key as keyof (typeof dictionaries)['es-PE'];
      expect(placeholders(dictionaries[locale][k]), key).toEqual(placeholders(dictionaries['es-PE'][k]));
    }
  });

  it('interpolates values', () => {
    expect(makeTranslate('es-PE')('folders.unread', { count: 3 })).toBe('3 sin leer');
    expect(makeTranslate('en')('folders.unread', { count: 3 })).toBe('3 unread');
  });
});
