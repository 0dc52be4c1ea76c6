// Recipient suggestions for To/Cc/Bcc. With urn:chasqui:params:jmap:directory the server
// answers Recipient/query (contacts, the GAL and lists, ranked and accent-insensitive);
// otherwise recent correspondents and JMAP contacts (RFC 9610) are merged here.
import type { JmapClient } from '../jmap/client.ts';
import {
  CAPABILITY_CONTACTS,
  CAPABILITY_DIRECTORY,
  type GetResponse,
  type QueryResponse,
  type Recipient,
  type RecipientKind,
} from '../jmap/types.ts';
import type { RecentCorrespondents } from './prefs.ts';

export interface RecipientSuggestion {
  name: string | null;
  email: string;
  kind: RecipientKind | 'recent';
}

export const SUGGESTION_LIMIT = 8;
/** Typing pause before asking the server: short enough to feel instant, long enough to batch. */
export const SUGGEST_DEBOUNCE_MS = 120;

/** Suggestions for `text`; `signal` aborts the request when a newer keystroke supersedes it. */
export async function searchRecipients(
  client: JmapClient,
  recent: RecentCorrespondents,
  text: string,
  signal: AbortSignal,
): Promise<RecipientSuggestion[]> {
  if (client.hasCapability(CAPABILITY_DIRECTORY)) {
    const response = await client.callAlone<{ list: Recipient[] }>(
      'Recipient/query',
      { text, limit: SUGGESTION_LIMIT },
      signal,
    );
    return response.list.map(({ name, email, kind }) => ({ name, email, kind }));
  }
  const local: RecipientSuggestion[] = recent
    .suggest(text, SUGGESTION_LIMIT)
    .map(({ name, email }) => ({ name, email, kind: 'recent' }));
  const contacts = await searchContacts(client, text, signal);
  return mergeSuggestions(local, contacts);
}

/** `first`, then those of `second` with an address not already listed, up to the limit. */
export function mergeSuggestions(
  first: RecipientSuggestion[],
  second: RecipientSuggestion[],
): RecipientSuggestion[] {
  const seen = new Set(first.map((s) => s.email.toLowerCase()));
  return [...first, ...second.filter((s) => !seen.has(s.email.toLowerCase()))].slice(0, SUGGESTION_LIMIT);
}

type Card = { name?: { full?: string }; emails?: Record<string, { address: string }> };

async function searchContacts(
  client: JmapClient,
  text: string,
  signal: AbortSignal,
): Promise<RecipientSuggestion[]> {
  if (!client.hasCapability(CAPABILITY_CONTACTS) || signal.aborted) return [];
  try {
    const batch = client.batch();
    const query = batch.add<QueryResponse>('ContactCard/query', {
      filter: { text },
      limit: SUGGESTION_LIMIT,
    });
    const get = batch.add<GetResponse<Card>>('ContactCard/get', {
      '#ids': query.ref('/ids'),
      properties: ['name', 'emails'],
    });
    await batch.send();
    return (await get.result).list.flatMap((card) =>
      Object.values(card.emails ?? {}).map((e) => ({
        name: card.name?.full ?? null,
        email: e.address,
        kind: 'contact' as const,
      })),
    );
  } catch {
    return [];
  }
}
