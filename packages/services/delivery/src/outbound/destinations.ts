// Where mail for a domain goes: a configured route or smart host, else the MX records by
// preference, else the domain itself (implicit MX, RFC 5321 §5.1). A null MX (RFC 7505)
// means the domain accepts no mail.
import { promises as dns } from 'node:dns';

export interface Destination {
  readonly host: string;
  readonly port: number;
  /** True when the host came from DNS MX (MTA-STS applies to those). */
  readonly fromMx: boolean;
}

export interface SmartHost {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
}

export interface MxResolver {
  resolveMx(domain: string): Promise<{ exchange: string; priority: number }[]>;
}

export interface DestinationOptions {
  /** Domain → `host:port`, for tests, internal relays and split delivery. */
  readonly routes: Readonly<Record<string, string>>;
  readonly smartHost: SmartHost | null;
  readonly resolver?: MxResolver;
}

export class NullMxError extends Error {}

function parseHostPort(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(value.trim());
  return { host: match?.[1] ?? value, port: match?.[2] ? Number(match[2]) : 25 };
}

function isNoData(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENODATA' || code === 'ENOTFOUND';
}

export async function resolveDestinations(
  domain: string,
  options: DestinationOptions,
): Promise<Destination[]> {
  const route = options.routes[domain.toLowerCase()];
  if (route !== undefined) return [{ ...parseHostPort(route), fromMx: false }];
  if (options.smartHost)
    return [{ host: options.smartHost.host, port: options.smartHost.port, fromMx: false }];
  const resolver = options.resolver ?? dns;
  let records: { exchange: string; priority: number }[];
  try {
    records = await resolver.resolveMx(domain);
  } catch (error) {
    if (!isNoData(error)) throw error;
    records = [];
  }
  if (records.length === 1 && (records[0]?.exchange === '' || records[0]?.exchange === '.')) {
    throw new NullMxError(`${domain} does not accept mail (null MX)`);
  }
  if (records.length === 0) return [{ host: domain, port: 25, fromMx: false }];
  return records
    .sort((a, b) => a.priority - b.priority || Math.random() - 0.5)
    .map((record) => ({ host: record.exchange.replace(/\.$/, ''), port: 25, fromMx: true }));
}
