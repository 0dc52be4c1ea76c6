// Password hashing: argon2id for every new or changed password (OWASP parameters), with
// legacy schemes accepted for verification only.
import argon2 from 'argon2';
import { isLegacyHash, verifyLegacyHash } from './legacy-hashes.js';

export interface Argon2Parameters {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane. */
export const defaultArgon2Parameters: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export class PasswordHasher {
  constructor(private readonly parameters: Argon2Parameters = defaultArgon2Parameters) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.parameters });
  }

  /** True when the password matches `hash` (argon2id or a legacy scheme). */
  async verify(hash: string, password: string): Promise<boolean> {
    if (hash.startsWith('$argon2')) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    }
    return verifyLegacyHash(hash, password);
  }

  /** True when the hash should be replaced at the next successful login. */
  needsRehash(hash: string): boolean {
    if (isLegacyHash(hash) || !hash.startsWith('$argon2id$')) return true;
    return argon2.needsRehash(hash, this.parameters);
  }
}
