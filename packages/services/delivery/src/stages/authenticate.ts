// Verifies SPF, DKIM, DMARC and ARC (mailauth) on mail from the Internet, records the
// Authentication-Results, applies the DMARC policy and refuses mail that claims one of our own
// domains without passing SPF or DKIM for it.
import { authenticate, type AuthenticateResult, type DNSResolver } from 'mailauth';
import type { Store } from '@chasqui/store';
import { domainOf } from '../headers.js';
import type { DeliveryContext, Stage } from '../types.js';

export interface AuthenticateStageOptions {
  readonly hostname: string;
  readonly store: Store;
  readonly resolver?: DNSResolver;
}

function passesFor(result: AuthenticateResult, domain: string): boolean {
  const spfPass = result.spf !== false && result.spf.status.result === 'pass' && result.spf.domain === domain;
  const dkimPass = result.dkim.results.some(
    (signature) => signature.status.result === 'pass' && signature.signingDomain.toLowerCase() === domain,
  );
  return spfPass || dkimPass;
}

function refuse(context: DeliveryContext, text: string, rule: string): void {
  context.verdict = 'reject';
  context.refusal = { code: 550, enhanced: '5.7.1', text };
  context.ruleHits.push(rule);
}

async function claimedLocalDomains(store: Store, context: DeliveryContext): Promise<string[]> {
  const claimed = new Set<string>();
  if (context.parsed.fromAddress) claimed.add(domainOf(context.parsed.fromAddress));
  if (context.envelope.mailFrom !== '') claimed.add(domainOf(context.envelope.mailFrom));
  const local: string[] = [];
  for (const domain of claimed) if (await store.domains.getByName(domain)) local.push(domain);
  return local;
}

function applyDmarc(context: DeliveryContext, result: AuthenticateResult): void {
  const dmarc = result.dmarc;
  if (dmarc === false || dmarc.status.result !== 'fail') return;
  if (dmarc.policy === 'reject') {
    refuse(context, `DMARC policy of ${dmarc.domain} rejects this message`, 'DMARC_REJECT');
  } else if (dmarc.policy === 'quarantine') {
    context.verdict = 'quarantine';
    context.ruleHits.push('DMARC_QUARANTINE');
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * What mailauth needs to read. The body only feeds the body hashes of DKIM-Signature and
 * ARC-Message-Signature fields (we never ask it to seal), so a message without either gets
 * its header alone: mailauth walks every body byte in JavaScript even with nothing to hash.
 * The header ends where mailauth ends it, at the first line break followed by an empty line.
 */
export function authenticationInput(raw: Uint8Array): Buffer {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) {
    const next = bytes[at + 1];
    const headerEnd = next === LF ? at + 2 : next === CR && bytes[at + 2] === LF ? at + 3 : -1;
    if (headerEnd === -1) continue;
    const header = bytes.toString('latin1', 0, headerEnd).toLowerCase();
    const isSigned = header.includes('dkim-signature') || header.includes('arc-message-signature');
    return isSigned ? bytes : bytes.subarray(0, headerEnd);
  }
  return bytes;
}

export function authenticateStage(options: AuthenticateStageOptions): Stage {
  return {
    name: 'authenticate',
    async run(context) {
      if (context.session.entry !== 'mx') return;
      const result = await authenticate(authenticationInput(context.raw), {
        ip: context.session.clientIp ?? '127.0.0.1',
        helo: context.session.helo ?? '',
        sender: context.envelope.mailFrom,
        mta: options.hostname,
        disableBimi: true,
        ...(options.resolver ? { resolver: options.resolver } : {}),
      });
      const headerLines = result.headers.replace(/\r?\n$/, '');
      if (headerLines.length > 0) context.prependHeaders.push(headerLines);
      context.authResults = /Authentication-Results:\s*([\s\S]*)$/i.exec(headerLines)?.[1]?.trim() ?? null;
      for (const domain of await claimedLocalDomains(options.store, context)) {
        if (!passesFor(result, domain)) {
          refuse(context, `Mail claiming to be from ${domain} must come from its own servers`, 'LOCAL_SPOOF');
          return;
        }
      }
      applyDmarc(context, result);
    },
  };
}
