// Recipient input with autocomplete (WAI-ARIA 1.2 combobox with a listbox popup): suggestions
// for the address being typed after the last comma, from Recipient/query. Arrows move, Enter or
// Tab pick, Escape closes, the mouse picks too; pasting several addresses keeps working since
// the field stays plain text.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { MailController } from '../mail/controller.ts';
import { useI18n } from '../i18n/i18n.ts';
import { searchRecipients, SUGGEST_DEBOUNCE_MS, type RecipientSuggestion } from '../mail/recipient-search.ts';

/** The address being typed: what follows the last separator. */
export function currentToken(value: string): string {
  return value.split(/[,;]/).pop()?.trim() ?? '';
}

/** Replaces the token being typed by the picked address and starts the next one. */
export function pickInto(value: string, s: Pick<RecipientSuggestion, 'name' | 'email'>): string {
  const parts = value
    .split(/[,;]/)
    .slice(0, -1)
    .map((p) => p.trim())
    .filter(Boolean);
  const name = s.name?.replace(/["\\]/g, '');
  parts.push(name ? `${/[,;<>@()]/.test(name) ? `"${name}"` : name} <${s.email}>` : s.email);
  return `${parts.join(', ')}, `;
}

/** Debounced suggestions for `token`; a newer token aborts the older request. */
function useSuggestions(controller: MailController, token: string): RecipientSuggestion[] {
  const [found, setFound] = useState<{ token: string; list: RecipientSuggestion[] }>({
    token: '',
    list: [],
  });
  const wanted = token.length >= 2 && !token.endsWith('>');
  useEffect(() => {
    if (!wanted) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      searchRecipients(controller.client, controller.recent, token, abort.signal)
        .then((list) => !abort.signal.aborted && setFound({ token, list }))
        .catch(() => undefined);
    }, SUGGEST_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [controller, token, wanted]);
  return wanted && found.token === token ? found.list : [];
}

export function AddressField({
  controller,
  label,
  value,
  onChange,
}: {
  controller: MailController;
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const token = currentToken(value);
  const suggestions = useSuggestions(controller, token);
  const [active, setActive] = useState(0);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  const open = suggestions.length > 0 && closedFor !== token;
  const current = Math.min(active, suggestions.length - 1);

  const pick = (s: RecipientSuggestion) => {
    onChange(pickInto(value, s));
    setActive(0);
    input.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (!open) return;
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (move) {
      e.preventDefault();
      setActive((current + move + suggestions.length) % suggestions.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      const s = suggestions[current];
      if (s) {
        e.preventDefault();
        pick(s);
      }
    } else if (e.key === 'Escape') {
      // Close the list only, not the dialog around it.
      e.preventDefault();
      e.stopPropagation();
      setClosedFor(token);
    }
  };
  const optionId = (i: number) => `${id}-opt-${String(i)}`;
  return (
    <div className="address-field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open ? optionId(current) : undefined}
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          onChange(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setClosedFor(token)}
        onFocus={() => setClosedFor(null)}
      />
      <ul
        id={`${id}-list`}
        role="listbox"
        aria-label={t('compose.suggestions', { field: label })}
        className="suggestions"
        hidden={!open}
      >
        {open &&
          suggestions.map((s, i) => (
            <li
              key={s.email}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="suggestion-name">{s.name ?? s.email}</span>
              {s.name && <span className="suggestion-email">{s.email}</span>}
              {(s.kind === 'gal' || s.kind === 'list') && (
                <span className={`badge badge-${s.kind}`}>{t(`compose.kind.${s.kind}`)}</span>
              )}
            </li>
          ))}
      </ul>
    </div>
  );
}
