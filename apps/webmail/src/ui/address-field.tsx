// Recipient input with autocomplete from recent correspondents (ranked by use) and, when the
// server offers JMAP contacts, from the address books/GAL.
import { useEffect, useId, useState } from 'react';
import type { MailController } from '../mail/controller.ts';
import { CAPABILITY_CONTACTS, type GetResponse, type QueryResponse } from '../jmap/types.ts';

interface Suggestion {
  name: string | null;
  email: string;
}

async function searchContacts(controller: MailController, text: string): Promise<Suggestion[]> {
  if (!controller.client.session?.capabilities[CAPABILITY_CONTACTS]) return [];
  try {
    const batch = controller.client.batch();
    const query = batch.add<QueryResponse>('ContactCard/query', { filter: { text }, limit: 8 });
    const get = batch.add<
      GetResponse<{ name?: { full?: string }; emails?: Record<string, { address: string }> }>
    >('ContactCard/get', {
      '#ids': query.ref('/ids'),
      properties: ['name', 'emails'],
    });
    await batch.send();
    return (await get.result).list.flatMap((card) =>
      Object.values(card.emails ?? {}).map((e) => ({ name: card.name?.full ?? null, email: e.address })),
    );
  } catch {
    return [];
  }
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
  const id = useId();
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const token = value.split(/[,;]/).pop()?.trim() ?? '';

  useEffect(() => {
    if (token.length < 2 || (token.includes('@') && token.endsWith('>'))) {
      setSuggestions([]);
      return;
    }
    let live = true;
    const local: Suggestion[] = controller.prefs.suggest(token);
    setSuggestions(local);
    void searchContacts(controller, token).then((remote) => {
      if (!live) return;
      const seen = new Set(local.map((s) => s.email));
      setSuggestions([...local, ...remote.filter((r) => !seen.has(r.email.toLowerCase()))].slice(0, 8));
    });
    setActive(0);
    return () => {
      live = false;
    };
  }, [controller, token]);

  const pick = (s: Suggestion) => {
    const parts = value
      .split(/[,;]/)
      .slice(0, -1)
      .map((p) => p.trim())
      .filter(Boolean);
    parts.push(s.name ? `${s.name} <${s.email}>` : s.email);
    onChange(`${parts.join(', ')}, `);
    setSuggestions([]);
  };
  return (
    <div className="address-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={suggestions.length ? `${id}-opt-${String(active)}` : undefined}
        value={value}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (!suggestions.length) return;
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((active + 1) % suggestions.length);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((active - 1 + suggestions.length) % suggestions.length);
          } else if (e.key === 'Enter' || e.key === 'Tab') {
            const s = suggestions[active];
            if (s) {
              e.preventDefault();
              pick(s);
            }
          } else if (e.key === 'Escape') setSuggestions([]);
        }}
      />
      {suggestions.length > 0 && (
        <ul id={`${id}-list`} role="listbox" className="suggestions">
          {suggestions.map((s, i) => (
            <li
              key={s.email}
              id={`${id}-opt-${String(i)}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
            >
              {s.name ? `${s.name} <${s.email}>` : s.email}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
