// Fetches one remote image for the webmail (the proxy of /jmap/proxy/image): http(s) only,
// every hop's address checked against the SSRF policy before connecting, at most a few
// redirects, one total deadline, a byte cap enforced while reading, and raster image types only.
import { isIP } from 'node:net';
import { isPublicAddress } from './address-policy.js';
import type { HostResolver, ResolvedAddress, UpstreamRequest, UpstreamResponse } from './upstream.js';

export interface ImageFetchOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** Allow private and local addresses (tests, or a deliberately internal deployment). */
  readonly allowPrivateNetworks: boolean;
  readonly resolve: HostResolver;
  readonly request: UpstreamRequest;
}

export type ProxyFailureKind =
  'badUrl' | 'forbiddenAddress' | 'tooLarge' | 'unsupportedType' | 'upstream' | 'timeout';

/** Why an image could not be served; the route maps it to an HTTP status. */
export class ProxyFailure extends Error {
  constructor(
    readonly kind: ProxyFailureKind,
    detail: string,
  ) {
    super(detail);
  }
}

export interface FetchedImage {
  readonly contentType: string;
  readonly body: Buffer;
}

/** Raster formats only: SVG can carry script and is refused like anything else. */
export const allowedImageTypes: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
]);

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** The URL to fetch, or ProxyFailure "badUrl". */
export function parseImageUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new ProxyFailure('badUrl', 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyFailure('badUrl', 'only http and https URLs are proxied');
  }
  if (url.username !== '' || url.password !== '')
    throw new ProxyFailure('badUrl', 'URLs with credentials are refused');
  return url;
}

/** The promise, or a rejection as soon as the signal aborts (a DNS lookup cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(new Error('aborted'));
    };
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** Resolves the host once and checks every address; returns the one to connect to. */
async function checkedAddress(
  url: URL,
  options: ImageFetchOptions,
  signal: AbortSignal,
): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  try {
    addresses =
      literal === 0
        ? await untilAborted(options.resolve(host), signal)
        : [{ address: host, family: literal }];
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ProxyFailure('upstream', `cannot resolve ${host}`);
  }
  const [first] = addresses;
  if (!first) throw new ProxyFailure('upstream', `${host} has no address`);
  // One private address among public ones is enough to refuse: that is how rebinding starts.
  if (!options.allowPrivateNetworks && !addresses.every((item) => isPublicAddress(item.address))) {
    throw new ProxyFailure('forbiddenAddress', `${host} resolves to a private or local address`);
  }
  return first;
}

/** The response's media type when it is an allowed image type, else ProxyFailure. */
function imageTypeOf(response: UpstreamResponse): string {
  const header = response.headers['content-type'];
  const type = (typeof header === 'string' ? header : '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!allowedImageTypes.has(type)) {
    throw new ProxyFailure('unsupportedType', `${type || 'no content type'} is not an allowed image type`);
  }
  return type;
}

async function readCapped(response: UpstreamResponse, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw new ProxyFailure('tooLarge', `the image is over ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > maxBytes) throw new ProxyFailure('tooLarge', `the image is over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

async function fetchHops(start: URL, options: ImageFetchOptions, signal: AbortSignal): Promise<FetchedImage> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const address = await checkedAddress(url, options, signal);
    const response = await options.request({ url, address }, signal);
    try {
      if (redirectStatuses.has(response.status)) {
        const location = response.headers['location'];
        if (typeof location !== 'string') throw new ProxyFailure('upstream', 'a redirect without Location');
        if (hop >= options.maxRedirects) throw new ProxyFailure('upstream', 'too many redirects');
        url = parseImageUrl(location, url);
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        throw new ProxyFailure('upstream', `the image server answered ${response.status}`);
      }
      const contentType = imageTypeOf(response);
      return { contentType, body: await readCapped(response, options.maxBytes) };
    } finally {
      response.destroy();
    }
  }
}

/** Fetches an image within the options' limits; throws ProxyFailure. */
export async function fetchImage(text: string, options: ImageFetchOptions): Promise<FetchedImage> {
  const url = parseImageUrl(text);
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, options.timeoutMs);
  try {
    return await fetchHops(url, options, controller.signal);
  } catch (error) {
    if (error instanceof ProxyFailure) throw error;
    if (controller.signal.aborted) throw new ProxyFailure('timeout', 'the image server took too long');
    throw new ProxyFailure(
      'upstream',
      error instanceof Error ? error.message : 'the image could not be fetched',
    );
  } finally {
    clearTimeout(timer);
  }
}
