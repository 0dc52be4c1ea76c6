import { LOCALES, useI18n, type Locale } from '../i18n/i18n.ts';

const NAMES: Record<Locale, string> = { 'es-PE': 'Español (Perú)', en: 'English' };

export function LanguageSelect({ onLocale }: { onLocale: (l: Locale) => void }) {
  const { t, locale } = useI18n();
  return (
    <label className="language">
      {t('common.language')}{' '}
      <select value={locale} onChange={(e) => onLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
