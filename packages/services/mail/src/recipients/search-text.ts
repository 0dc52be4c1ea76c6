// The folded text autocomplete matches against: the same builder serves the stored recipient
// history and the in-memory global address list, so both match a query the same way.
import { foldAccents } from '../text/spanish.js';

const wordPattern = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return foldAccents(text).match(wordPattern) ?? [];
}

/**
 * " " + the accent-folded lower-case words of the name, then of the local part:
 * `José Pérez <jose.perez@x>` → " jose perez jose perez". A word start is then " " + query.
 */
export function recipientSearchText(name: string | null, address: string): string {
  const localPart = address.slice(0, Math.max(0, address.lastIndexOf('@')));
  return ` ${[...words(name ?? ''), ...words(localPart)].join(' ')}`;
}

/** A query folded like the search text (case and accents dropped, spaces collapsed). */
export function foldQuery(text: string): string {
  return foldAccents(text).trim().replace(/\s+/g, ' ');
}

/** Where `query` (folded) meets an entry: at the start of its address or name, in a word, or not. */
export function matchQuality(
  query: string,
  entry: { readonly address: string; readonly searchText: string },
): 'prefix' | 'word' | null {
  if (entry.address.startsWith(query) || entry.searchText.startsWith(` ${query}`)) return 'prefix';
  return entry.searchText.includes(` ${query}`) ? 'word' : null;
}
