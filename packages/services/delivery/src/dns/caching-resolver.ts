// A DNS cache in front of the resolver for SPF, DKIM, DMARC and ARC lookups. Each message costs
// several TXT queries, mostly the same few domains over and over; without a cache a burst of mail
// becomes a burst of queries, and resolvers drop bursts (Node then waits a second to retry).
import { promises as dns } from 'node:dns';
import type { DNSResolver } from 'mailauth';

type Answer = Awaited<ReturnType<DNSResolver>>;

interface CacheEntry {
  readonly expires: number;
  readonly answer?: Answer;
  readonly error?: Error;
}

export interface CachingResolverOptions {
  readonly ttlMs?: number;
  /** How long "no such name" / "no such record" is remembered. */
  readonly negativeTtlMs?: number;
  readonly maxEntries?: number;
  readonly resolve?: DNSResolver;
  readonly now?: () => number;
}

/** Answers that are facts about the zone, safe to remember (timeouts and SERVFAIL are not). */
function isNegativeAnswer(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOTFOUND' || code === 'ENODATA';
}

export function cachingResolver(options: CachingResolverOptions = {}): DNSResolver {
  const ttl = options.ttlMs ?? 300_000;
  const negativeTtl = options.negativeTtlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 50_000;
  const now = options.now ?? Date.now;
  const resolve: DNSResolver =
    options.resolve ?? ((name, rrtype) => dns.resolve(name, rrtype) as Promise<Answer>);
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<Answer>>();

  const remember = (key: string, entry: CacheEntry) => {
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value ?? key);
  };

  return (name, rrtype) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    const cached = cache.get(key);
    if (cached && cached.expires > now()) {
      return cached.error ? Promise.reject(cached.error) : Promise.resolve(cached.answer ?? []);
    }
    const pending = inFlight.get(key);
    if (pending) return pending;
    const lookup = resolve(name, rrtype).then(
      (answer) => {
        remember(key, { expires: now() + ttl, answer });
        return answer;
      },
      (error: unknown) => {
        if (isNegativeAnswer(error)) remember(key, { expires: now() + negativeTtl, error: error as Error });
        throw error;
      },
    );
    const settled = lookup.finally(() => inFlight.delete(key));
    inFlight.set(key, settled);
    return settled;
  };
}
