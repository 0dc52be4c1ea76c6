// Verification of password hashes imported from other servers (Dovecot/OpenLDAP schemes), so
// migrated users keep their passwords until their first login rehashes them to argon2id.
import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { encrypt as unixCrypt } from 'unixcrypt';

/** Compares byte strings in constant time (different lengths are simply unequal). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** {SSHA} / {SSHA512}: base64(digest(password + salt) + salt). */
function verifySaltedSha(algorithm: 'sha1' | 'sha512', encoded: string, password: string): boolean {
  const decoded = Buffer.from(encoded, 'base64');
  const digestLength = algorithm === 'sha1' ? 20 : 64;
  if (decoded.length <= digestLength) return false;
  const salt = decoded.subarray(digestLength);
  const digest = createHash(algorithm).update(password, 'utf8').update(salt).digest();
  return sameBytes(digest, decoded.subarray(0, digestLength));
}

/** crypt(3) SHA-256/SHA-512 (`$5$`, `$6$`). */
function verifyCrypt(hash: string, password: string): boolean {
  return sameBytes(Buffer.from(unixCrypt(password, hash)), Buffer.from(hash));
}

type Verifier = (hash: string, password: string) => boolean;

/** Scheme prefix → verifier of the part after the prefix. */
const schemes: ReadonlyMap<string, Verifier> = new Map<string, Verifier>([
  ['{SSHA}', (hash, password) => verifySaltedSha('sha1', hash, password)],
  ['{SSHA512}', (hash, password) => verifySaltedSha('sha512', hash, password)],
  ['{SHA512-CRYPT}', verifyCrypt],
  ['{SHA256-CRYPT}', verifyCrypt],
  ['{BLF-CRYPT}', (hash, password) => bcrypt.compareSync(password, hash)],
  ['{PLAIN}', (hash, password) => sameBytes(Buffer.from(hash), Buffer.from(password))],
  ['{CLEARTEXT}', (hash, password) => sameBytes(Buffer.from(hash), Buffer.from(password))],
]);

/** Bare crypt strings as found in /etc/shadow or LDAP without a `{SCHEME}` prefix. */
function bareScheme(hash: string): Verifier | null {
  if (hash.startsWith('$6$') || hash.startsWith('$5$')) return verifyCrypt;
  if (/^\$2[aby]\$/.test(hash)) return (h, p) => bcrypt.compareSync(p, h);
  return null;
}

/** True when `hash` is in a legacy scheme this module understands. */
export function isLegacyHash(hash: string): boolean {
  return findVerifier(hash) !== null;
}

function findVerifier(hash: string): { verify: Verifier; body: string } | null {
  const scheme = /^\{[A-Z0-9-]+\}/.exec(hash)?.[0];
  if (scheme !== undefined) {
    const verify = schemes.get(scheme);
    return verify ? { verify, body: hash.slice(scheme.length) } : null;
  }
  const verify = bareScheme(hash);
  return verify ? { verify, body: hash } : null;
}

/** Verifies a password against a legacy hash; false for unknown schemes or malformed hashes. */
export function verifyLegacyHash(hash: string, password: string): boolean {
  const found = findVerifier(hash);
  if (!found) return false;
  try {
    return found.verify(found.body, password);
  } catch {
    return false;
  }
}
