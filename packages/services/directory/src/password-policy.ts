// Password policy of a class of service: length, no local part, not a common password, max age.
import { ChasquiError } from '@chasqui/core';

export interface PasswordPolicy {
  readonly minLength: number;
  /** Days after which a password must be changed; null = never. */
  readonly maxAgeDays: number | null;
}

export const defaultPasswordPolicy: PasswordPolicy = { minLength: 10, maxAgeDays: null };

// The most used passwords, in Spanish-speaking countries too; compared case-insensitively.
const commonPasswords = new Set([
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  'password',
  'password1',
  'qwerty',
  'qwerty123',
  'contraseña',
  'contrasena',
  'contraseña1',
  'contrasena123',
  'peru2024',
  'peru2025',
  'peru2026',
  'peru12345',
  'lima2024',
  'lima12345',
  'admin12345',
  'administrador',
  'bienvenido',
  'bienvenido1',
  'teamo12345',
  'iloveyou',
  '1q2w3e4r5t',
  'abc1234567',
  'clave12345',
  'gobierno2024',
  'municipalidad',
]);

/** Throws INVALID_ARGUMENT (with a reason) when `password` breaks the policy for `localPart`. */
export function checkPassword(password: string, localPart: string, policy: PasswordPolicy): void {
  // Count user-perceived characters, so 'ñ' or an emoji counts once.
  const length = [...new Intl.Segmenter().segment(password)].length;
  if (length < policy.minLength) {
    throw new ChasquiError('INVALID_ARGUMENT', `password must have at least ${policy.minLength} characters`);
  }
  const lower = password.toLowerCase();
  if (localPart.length >= 3 && lower.includes(localPart.toLowerCase())) {
    throw new ChasquiError('INVALID_ARGUMENT', 'password must not contain the user name');
  }
  if (commonPasswords.has(lower)) throw new ChasquiError('INVALID_ARGUMENT', 'password is too common');
}

/** True when the password changed at `changedAt` has passed the policy's maximum age. */
export function isPasswordExpired(changedAt: number, now: number, policy: PasswordPolicy): boolean {
  return policy.maxAgeDays !== null && now - changedAt > policy.maxAgeDays * 86_400_000;
}
