// One delivery attempt for the recipients of one domain: find the hosts, apply MTA-STS, try the
// hosts in order until one answers; every recipient ends delivered, failed or still pending.
import {
  deliverToHost,
  TransportError,
  type TransportRequest,
  type TransportResult,
} from './smtp-transport.js';
import { NullMxError, resolveDestinations, type DestinationOptions } from './destinations.js';
import type { MtaStsCache } from './mta-sts.js';
import type { TlsPolicyInfo } from './tls-reporter.js';

export interface RecipientAttempt {
  readonly address: string;
  readonly status: 'delivered' | 'failed' | 'pending';
  readonly reply: string;
  readonly remoteMta?: string;
}

export interface DomainAttemptOptions {
  readonly heloName: string;
  readonly destinations: DestinationOptions;
  readonly mtaSts: MtaStsCache;
  readonly timeoutMs: number;
  readonly transport?: (request: TransportRequest) => Promise<TransportResult>;
  /** Told the TLS outcome of every session (TLS-RPT). */
  readonly onTlsSession?: (domain: string, mxHost: string, policy: TlsPolicyInfo, result: string) => void;
}

export interface DomainAttemptRequest {
  readonly domain: string;
  readonly mailFrom: string;
  readonly recipients: readonly string[];
  readonly raw: Uint8Array;
  readonly dsn?: { envid?: string; ret?: string };
}

function allWith(recipients: readonly string[], status: RecipientAttempt['status'], reply: string) {
  return recipients.map((address) => ({ address, status, reply }));
}

function toAttempts(result: TransportResult, host: string): RecipientAttempt[] {
  return result.replies.map((reply) => ({
    address: reply.address,
    status: reply.accepted ? 'delivered' : reply.permanent ? 'failed' : 'pending',
    reply: reply.reply,
    remoteMta: host,
  }));
}

export async function attemptDomain(
  request: DomainAttemptRequest,
  options: DomainAttemptOptions,
): Promise<RecipientAttempt[]> {
  let candidates;
  try {
    candidates = await resolveDestinations(request.domain, options.destinations);
  } catch (error) {
    if (error instanceof NullMxError)
      return allWith(request.recipients, 'failed', `556 5.1.10 ${error.message}`);
    return allWith(request.recipients, 'pending', `451 4.4.3 DNS lookup for ${request.domain} failed`);
  }
  const decision = await options.mtaSts.decide(request.domain, candidates);
  if (decision.destinations.length === 0) {
    return allWith(
      request.recipients,
      'pending',
      `451 4.7.5 no MX of ${request.domain} matches its MTA-STS policy`,
    );
  }
  const transport = options.transport ?? deliverToHost;
  const smartHost = options.destinations.smartHost;
  let lastError = `451 4.4.1 no answer from ${request.domain}`;
  for (const destination of decision.destinations) {
    try {
      const useSmartHost = smartHost !== null && destination.host === smartHost.host;
      const result = await transport({
        host: destination.host,
        port: destination.port,
        heloName: options.heloName,
        mailFrom: request.mailFrom,
        recipients: request.recipients,
        raw: request.raw,
        requireVerifiedTls: decision.requireVerifiedTls,
        timeoutMs: options.timeoutMs,
        ...(useSmartHost
          ? { secure: smartHost.secure, ...(smartHost.auth ? { auth: smartHost.auth } : {}) }
          : {}),
        ...(request.dsn ? { dsn: request.dsn } : {}),
      });
      if (result.tls) options.onTlsSession?.(request.domain, destination.host, decision.policy, 'success');
      return toAttempts(result, destination.host);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof TransportError && error.tlsFailure !== null) {
        options.onTlsSession?.(request.domain, destination.host, decision.policy, error.tlsFailure);
      }
      if (error instanceof TransportError && error.permanent) {
        return request.recipients.map((address) => ({
          address,
          status: 'failed',
          reply: message,
          remoteMta: destination.host,
        }));
      }
      lastError = `451 4.4.1 ${destination.host}: ${message}`;
    }
  }
  return allWith(request.recipients, 'pending', lastError);
}
