// Per-account client-side preferences in localStorage: tag colours, senders whose remote
// images are allowed, extra signatures and recent correspondents (ranked by use).
import type { EmailAddress } from '../jmap/types.ts';

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  localStorage.setItem(key, JSON.stringify(value));
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

export interface Signature {
  id: string;
  name: string;
  text: string;
}

export interface Correspondent {
  name: string | null;
  email: string;
  uses: number;
  lastUsed: number;
}

export class AccountPrefs {
  constructor(private readonly accountId: string) {}

  private key(kind: string): string {
    return `chasqui.${kind}.${this.accountId}`;
  }

  tagColors(): Record<string, string> {
    return read(this.key('tags'), {});
  }

  setTagColor(tag: string, color: string): void {
    write(this.key('tags'), { ...this.tagColors(), [tag]: color });
  }

  isRemoteAllowed(sender: string): boolean {
    return read<string[]>(this.key('remote'), []).includes(sender.toLowerCase());
  }

  allowRemote(sender: string): void {
    const list = new Set(read<string[]>(this.key('remote'), []));
    list.add(sender.toLowerCase());
    write(this.key('remote'), [...list]);
  }

  signatures(): Signature[] {
    return read(this.key('signatures'), []);
  }

  saveSignatures(list: Signature[]): void {
    write(this.key('signatures'), list);
  }

  /** Signature id chosen by default for an identity; "identity" means the server's own. */
  defaultSignature(identityId: string): string {
    return read<Record<string, string>>(this.key('sigdefault'), {})[identityId] ?? 'identity';
  }

  setDefaultSignature(identityId: string, signatureId: string): void {
    write(this.key('sigdefault'), {
      ...read<Record<string, string>>(this.key('sigdefault'), {}),
      [identityId]: signatureId,
    });
  }

  /** Records correspondents after sending or reading, for autocomplete ranking. */
  noteCorrespondents(addresses: EmailAddress[], now = Date.now()): void {
    const list = read<Correspondent[]>(this.key('recent'), []);
    for (const address of addresses) {
      const email = address.email.toLowerCase();
      const found = list.find((c) => c.email === email);
      if (found) {
        found.uses++;
        found.lastUsed = now;
        found.name = address.name ?? found.name;
      } else list.push({ email, name: address.name, uses: 1, lastUsed: now });
    }
    write(this.key('recent'), list.sort((a, b) => rank(b, now) - rank(a, now)).slice(0, 500));
  }

  suggest(prefix: string, limit = 8, now = Date.now()): Correspondent[] {
    return rankCorrespondents(read<Correspondent[]>(this.key('recent'), []), prefix, limit, now);
  }
}

/** Frequency with a recency boost: a contact used this week outranks an old frequent one. */
function rank(c: Correspondent, now: number): number {
  const days = (now - c.lastUsed) / 86_400_000;
  return c.uses + 10 / (1 + days);
}

export function rankCorrespondents(
  list: Correspondent[],
  prefix: string,
  limit: number,
  now: number,
): Correspondent[] {
  const needle = prefix.trim().toLowerCase();
  if (!needle) return [];
  return list
    .filter(
      (c) =>
        c.email.includes(needle) ||
        (c.name ?? '')
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.startsWith(needle)),
    )
    .sort((a, b) => rank(b, now) - rank(a, now))
    .slice(0, limit);
}
