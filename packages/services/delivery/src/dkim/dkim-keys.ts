// DKIM key generation, rotation and the DNS TXT record to publish (RFC 6376, RFC 8463).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Clock } from '@chasqui/core';
import type { DkimAlgorithm, DkimKey, Store } from '@chasqui/store';

export interface GeneratedKey {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** RSA-2048 (base64 SPKI in `p=`) or Ed25519 (the raw 32-byte key in `p=`, RFC 8463 §4.2). */
export function generateDkimKeyPair(algorithm: DkimAlgorithm): GeneratedKey {
  if (algorithm === 'rsa-sha256') {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    };
  }
  const pair = generateKeyPairSync('ed25519');
  const spki = pair.publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: spki.subarray(spki.length - 32).toString('base64'),
  };
}

/** The TXT record value for `<selector>._domainkey.<domain>`. */
export function dkimTxtRecord(key: Pick<DkimKey, 'algorithm' | 'publicKey'>): string {
  const type = key.algorithm === 'rsa-sha256' ? 'rsa' : 'ed25519';
  return `v=DKIM1; k=${type}; p=${key.publicKey}`;
}

/** A fresh selector such as `cq202611a1b2` (date for humans, random for uniqueness). */
export function newSelector(clock: Clock, algorithm: DkimAlgorithm): string {
  const date = new Date(clock.now());
  const month = `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  const kind = algorithm === 'rsa-sha256' ? 'r' : 'e';
  return `cq${kind}${month}${randomBytes(2).toString('hex')}`;
}

export class DkimKeyManager {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Generates a key and makes it the active one for its algorithm (rotation keeps the old key listed). */
  async rotate(domain: string, algorithm: DkimAlgorithm, selector?: string): Promise<DkimKey> {
    const pair = generateDkimKeyPair(algorithm);
    const key = await this.store.dkimKeys.add({
      domain,
      selector: selector ?? newSelector(this.clock, algorithm),
      algorithm,
      ...pair,
    });
    await this.store.dkimKeys.activate(domain, key.selector);
    return { ...key, isActive: true };
  }

  /** Keys for a new domain: RSA-2048 and Ed25519, unless it already has active ones. */
  async ensureKeys(domain: string): Promise<DkimKey[]> {
    const active = await this.store.dkimKeys.active(domain);
    const created: DkimKey[] = [];
    for (const algorithm of ['rsa-sha256', 'ed25519-sha256'] as const) {
      if (!active.some((key) => key.algorithm === algorithm))
        created.push(await this.rotate(domain, algorithm));
    }
    return [...active, ...created];
  }
}
