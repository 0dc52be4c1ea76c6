// Legacy schemes accepted on import. Vectors were made by independent tools, not by our code:
// openssl passwd -6/-5 (crypt SHA-512/256), Python hashlib (SSHA, SSHA512), and the OpenBSD
// bcrypt test vector for "U*U".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLegacyHash, PasswordHasher, verifyLegacyHash } from '@chasqui/directory';

const password = 'Clave-Segura-2026';
const vectors: Record<string, string> = {
  'SHA512-CRYPT (openssl passwd -6)':
    '{SHA512-CRYPT}$6$Nv9sQw3eRtYu$yJslsp85sbSZ40/Vaq5m5p2ar24chk1JIZaaWBpWguOFztSa66wp.APIazY6TAmKk911lC79KUr7ttHRf.nq/.',
  'bare $6$ crypt':
    '$6$Nv9sQw3eRtYu$yJslsp85sbSZ40/Vaq5m5p2ar24chk1JIZaaWBpWguOFztSa66wp.APIazY6TAmKk911lC79KUr7ttHRf.nq/.',
  'SHA256-CRYPT (openssl passwd -5)':
    '{SHA256-CRYPT}$5$Nv9sQw3eRtYu$PTPjU3MUeBDHmlboW3WgxT3J3cAw1LSvxqTuMmY2IH2',
  'SSHA (hashlib)': '{SSHA}2CwqK+OQb2QLfBH2kiN9Ha3m+rOhssPU5fYHGA==',
  'SSHA512 (hashlib)':
    '{SSHA512}553HryWzNGk3l8e9dtwR+/x314jO9MYzqOUgYTOzSqW54ieWWhHj/XQSg8QlWkFEN8urVqS+fa6t8CnD0PaXFaGyw9Tl9gcY',
  PLAIN: `{PLAIN}${password}`,
};

describe('legacy password hashes', () => {
  for (const [name, hash] of Object.entries(vectors)) {
    it(`verifies ${name} and refuses a wrong password`, () => {
      assert.equal(isLegacyHash(hash), true);
      assert.equal(verifyLegacyHash(hash, password), true);
      assert.equal(verifyLegacyHash(hash, `${password}x`), false);
    });
  }

  it('verifies the OpenBSD bcrypt vector ({BLF-CRYPT} and bare $2a$)', () => {
    const hash = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
    assert.equal(verifyLegacyHash(hash, 'U*U'), true);
    assert.equal(verifyLegacyHash(`{BLF-CRYPT}${hash}`, 'U*U'), true);
    assert.equal(verifyLegacyHash(hash, 'U*V'), false);
  });

  it('refuses unknown schemes and malformed hashes without throwing', () => {
    for (const hash of ['{MD5}abc', '{SSHA}!!!', '{SSHA}', '$6$', '$2a$05$short', '', 'plain-text']) {
      assert.equal(verifyLegacyHash(hash, password), false, hash);
    }
  });

  it('hashes with argon2id and asks to rehash legacy and weaker hashes', async () => {
    const hasher = new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 });
    const hash = await hasher.hash(password);
    assert.match(hash, /^\$argon2id\$v=19\$m=4096,p=1,t=2\$/);
    assert.equal(await hasher.verify(hash, password), true);
    assert.equal(await hasher.verify(hash, 'otra'), false);
    assert.equal(hasher.needsRehash(hash), false);
    assert.equal(hasher.needsRehash(vectors['SSHA (hashlib)'] ?? ''), true);
    assert.equal(
      new PasswordHasher({ memoryCost: 8192, timeCost: 2, parallelism: 1 }).needsRehash(hash),
      true,
    );
  });
});
