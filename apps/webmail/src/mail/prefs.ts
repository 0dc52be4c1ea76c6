// What stays in the browser (localStorage, per account): the recent-correspondents cache that
// ranks local suggestions, and the storage used for preferences when the server does not offer
// urn:chasqui:params:jmap:preferences.
import type { EmailAddress } from '../jmap/types.ts';

export function readLocal<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function writeLocal(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): the value lives for this page only.
  }
}

/** The per-account localStorage key of one kind of value. */
export function localKey(kind: string, accountId: string): string {
  return `chasqui.${kind}.${accountId}`;
}

export const TAG_COLORS = [
  '#b3261e',
  '#c25e00',
  '#8a6d00',
  '#2e7d32',
  '#00695c',
  '#1565c0',
  '#5e35b1',
  '#ad1457',
];

export interface Correspondent {
  name: string | null;
  email: string;
  uses: number;
  lastUsed: number;
}

/** Recent correspondents, ranked by use: a local cache that complements Recipient/query. */
export class RecentCorrespondents {
  constructor(private readonly accountId: string) {}

  private get key(): string {
    return localKey('recent', this.accountId);
  }

  /** Records correspondents after sending or reading, for autocomplete ranking. */
  note(addresses: EmailAddress[], now = Date.now()): void {
    const list = readLocal<Correspondent[]>(this.key, []);
    for (const address of addresses) {
      const email = address.email.toLowerCase();
      const found = list.find((c) => c.email === email);
      if (found) {
        found.uses++;
        found.lastUsed = now;
        found.name = address.name ?? found.name;
      } else list.push({ email, name: address.name, uses: 1, lastUsed: now });
    }
    writeLocal(this.key, list.sort((a, b) => rank(b, now) - rank(a, now)).slice(0, 500));
  }

  suggest(prefix: string, limit = 8, now = Date.now()): Correspondent[] {
    return rankCorrespondents(readLocal<Correspondent[]>(this.key, []), prefix, limit, now);
  }
}

/** Frequency with a recency boost: a contact used this week outranks an old frequent one. */
function rank(c: Correspondent, now: number): number {
  const days = (now - c.lastUsed) / 86_400_000;
  return c.uses + 10 / (1 + days);
}

/** Lowercase without accents, so "pena" finds "Peña" and "jose" finds "José". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function rankCorrespondents(
  list: Correspondent[],
  prefix: string,
  limit: number,
  now: number,
): Correspondent[] {
  const needle = foldText(prefix.trim());
  if (!needle) return [];
  return list
    .filter(
      (c) =>
        c.email.includes(needle) ||
        foldText(c.name ?? '')
          .split(/\s+/)
          .some((w) => w.startsWith(needle)),
    )
    .sort((a, b) => rank(b, now) - rank(a, now))
    .slice(0, limit);
}
