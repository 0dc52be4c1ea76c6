// The network side of the image proxy: one DNS resolution per hop, and an HTTP(S) request to
// exactly the address that was checked (no second lookup, so DNS rebinding cannot swap it),
// with the host name kept for the Host header, SNI and certificate verification.
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Every address of a host name. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Where one hop connects: the URL asked for and the checked address to reach it at. */
export interface UpstreamTarget {
  readonly url: URL;
  readonly address: ResolvedAddress;
}

/** What the proxy reads of an upstream answer. */
export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: AsyncIterable<Buffer>;
  /** Stops reading and closes the connection. */
  destroy(): void;
}

export type UpstreamRequest = (target: UpstreamTarget, signal: AbortSignal) => Promise<UpstreamResponse>;

export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** A neutral identity: no cookies, credentials or Referer ever go out. */
const requestHeaders = {
  'user-agent': 'Mozilla/5.0 (compatible; Chasqui-ImageProxy/1.0)',
  accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8',
  'accept-encoding': 'identity',
};

/** GET over HTTP or HTTPS to the pinned address. */
export const nodeRequest: UpstreamRequest = (target, signal) =>
  new Promise((resolve, reject) => {
    const { url, address } = target;
    const isHttps = url.protocol === 'https:';
    const send = isHttps ? httpsRequest : httpRequest;
    const request = send({
      host: address.address,
      family: address.family,
      port: url.port === '' ? (isHttps ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { ...requestHeaders, host: url.host },
      // SNI and the certificate check use the name, not the address connected to.
      ...(isHttps ? { servername: url.hostname.replace(/^\[|\]$/g, '') } : {}),
      agent: false,
      signal,
    });
    request.once('response', (response: IncomingMessage) => {
      resolve({
        status: response.statusCode ?? 502,
        headers: response.headers,
        body: response,
        destroy: () => response.destroy(),
      });
    });
    request.once('error', reject);
    request.end();
  });
