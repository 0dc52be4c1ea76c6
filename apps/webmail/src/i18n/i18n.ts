// Message lookup with {name} interpolation; es-PE is the default, English the alternative.
import { createContext, useContext } from 'react';
import { esPE, type MessageKey } from './es-PE.ts';
import { en } from './en.ts';

export type Locale = 'es-PE' | 'en';
export const LOCALES: readonly Locale[] = ['es-PE', 'en'];
export const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'es-PE': esPE, en };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function makeTranslate(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, values) => {
    const text = dictionary[key];
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

const LOCALE_KEY = 'chasqui.locale';

export function initialLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCALE_KEY);
  return saved === 'en' || saved === 'es-PE' ? saved : 'es-PE';
}

export function saveLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}

export interface I18n {
  locale: Locale;
  t: Translate;
  formatDate: (iso: string, withTime?: boolean) => string;
}

export function makeI18n(locale: Locale): I18n {
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  return {
    locale,
    t: makeTranslate(locale),
    formatDate(iso, withTime = false) {
      const date = new Date(iso);
      if (withTime) return full.format(date);
      return date.toDateString() === new Date().toDateString() ? time.format(date) : short.format(date);
    },
  };
}

export const I18nContext = createContext<I18n>(makeI18n('es-PE'));
export const useI18n = (): I18n => useContext(I18nContext);
