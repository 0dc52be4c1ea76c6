// Signs outgoing mail with the domain's active keys (RSA and Ed25519 side by side, RFC 8463 §3).
import { dkimSign } from 'mailauth';
import type { Logger } from '@chasqui/core';
import type { DkimKey, Store } from '@chasqui/store';
import { prependHeaderLines } from '../headers.js';

const signedHeaders = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'In-Reply-To',
  'References',
  'List-Id',
  'List-Unsubscribe',
];

export class DkimSigner {
  private readonly cache = new Map<string, { keys: DkimKey[]; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly cacheMs = 60_000,
  ) {}

  /** The message with DKIM-Signature headers prepended; unchanged when the domain has no key. */
  async sign(raw: Uint8Array, domain: string): Promise<Uint8Array> {
    const keys = await this.keysOf(domain);
    if (keys.length === 0) return raw;
    const result = await dkimSign(Buffer.from(raw), {
      signingDomain: domain,
      selector: keys[0]?.selector ?? '',
      privateKey: keys[0]?.privateKey ?? '',
      canonicalization: 'relaxed/relaxed',
      headerList: signedHeaders,
      signatureData: keys.map((key) => ({
        signingDomain: domain,
        selector: key.selector,
        privateKey: key.privateKey,
        algorithm: key.algorithm,
        canonicalization: 'relaxed/relaxed',
        headerList: signedHeaders,
      })),
    });
    for (const error of result.errors) this.logger.warn({ err: error, domain }, 'dkim.sign_failed');
    const lines = result.signatures.replace(/\r\n$/, '');
    return lines.length > 0 ? prependHeaderLines(raw, [lines]) : raw;
  }

  private async keysOf(domain: string): Promise<DkimKey[]> {
    const now = Date.now();
    const cached = this.cache.get(domain);
    if (cached && cached.until > now) return cached.keys;
    const keys = await this.store.dkimKeys.active(domain);
    this.cache.set(domain, { keys, until: now + this.cacheMs });
    return keys;
  }

  /** Forgets cached keys (after a rotation). */
  invalidate(domain?: string): void {
    if (domain === undefined) this.cache.clear();
    else this.cache.delete(domain);
  }
}
