// The directory service: accounts, domains, aliases, groups, authentication and rights.
export {
  DirectoryService,
  type DirectoryDeps,
  type ActorOption,
  type NewAccountInput,
} from './directory-service.js';
export type { AuthRequest } from './authenticator.js';
export { MemoryAuthLimiter, type AuthLimiter, type AuthAttempt, type AuthProtocol } from './limiter.js';
export { can, type Actor, type Action, type Role, type Target } from './authorization.js';
export {
  checkPassword,
  defaultPasswordPolicy,
  isPasswordExpired,
  type PasswordPolicy,
} from './password-policy.js';
export {
  PasswordHasher,
  defaultArgon2Parameters,
  type Argon2Parameters,
} from './passwords/password-hasher.js';
export {
  CredentialCache,
  defaultCredentialCacheOptions,
  type CredentialCacheOptions,
} from './passwords/credential-cache.js';
export { isLegacyHash, verifyLegacyHash } from './passwords/legacy-hashes.js';
export type { RecipientResolution } from './recipient-resolver.js';
export { ClassesOfService, type EffectiveLimits } from './classes-of-service.js';
