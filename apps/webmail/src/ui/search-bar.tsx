// Search: full text in the box, advanced fields (from/to/subject/dates/attachment/tag) below.
import { useState, type SyntheticEvent } from 'react';
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';
import { EMPTY_SEARCH, isSearchEmpty, parseSearchText, type SearchForm } from '../mail/search.ts';

export function SearchBar({ controller }: { controller: MailController }) {
  const { t } = useI18n();
  const [form, setForm] = useState<SearchForm>(EMPTY_SEARCH);
  const [advanced, setAdvanced] = useState(false);
  const set = <K extends keyof SearchForm>(key: K, value: SearchForm[K]) =>
    setForm({ ...form, [key]: value });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const parsed = parseSearchText(form);
    if (isSearchEmpty(parsed)) return;
    controller.setView({ kind: 'search', form: parsed });
    setAdvanced(false);
  };
  const clear = () => {
    setForm(EMPTY_SEARCH);
    const inbox = controller.role('inbox');
    if (inbox) controller.setView({ kind: 'mailbox', mailboxId: inbox.id });
  };
  const field = (key: 'from' | 'to' | 'subject', label: string) => (
    <label>
      {label}
      <input value={form[key]} onChange={(e) => set(key, e.target.value)} />
    </label>
  );
  return (
    <form className="search" role="search" onSubmit={submit}>
      <label htmlFor="search-input" className="sr-only">
        {t('search.label')}
      </label>
      <input
        id="search-input"
        type="search"
        placeholder={t('search.placeholder')}
        value={form.text}
        onChange={(e) => set('text', e.target.value)}
        aria-keyshortcuts="/"
      />
      <button type="button" aria-expanded={advanced} onClick={() => setAdvanced(!advanced)}>
        {t('search.advanced')}
      </button>
      {controller.view.kind === 'search' && (
        <button type="button" onClick={clear}>
          {t('search.clear')}
        </button>
      )}
      {advanced && (
        <fieldset className="advanced popover">
          <legend>{t('search.advanced')}</legend>
          {field('from', t('search.from'))}
          {field('to', t('search.to'))}
          {field('subject', t('search.subject'))}
          <label>
            {t('search.after')}
            <input type="date" value={form.after} onChange={(e) => set('after', e.target.value)} />
          </label>
          <label>
            {t('search.before')}
            <input type="date" value={form.before} onChange={(e) => set('before', e.target.value)} />
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.hasAttachment}
              onChange={(e) => set('hasAttachment', e.target.checked)}
            />{' '}
            {t('search.hasAttachment')}
          </label>
          <label>
            {t('search.tag')}
            <select value={form.tag} onChange={(e) => set('tag', e.target.value)}>
              <option value="">{t('search.anyTag')}</option>
              {Object.keys(controller.prefs.tagColors()).map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            {t('search.submit')}
          </button>
        </fieldset>
      )}
    </form>
  );
}
