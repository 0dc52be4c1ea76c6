// The directory service (ARCHITECTURE.md §6): domains, accounts, aliases and groups with their
// rules (valid addresses, existing domains, password policy, audit), and authentication.
import {
  ChasquiError,
  isValidDomain,
  normalizeDomain,
  parseEmailAddress,
  type Clock,
  type EmailAddress,
  type Logger,
} from '@chasqui/core';
import type {
  Account,
  AccountRole,
  AccountState,
  Alias,
  Domain,
  Group,
  PostingPolicy,
  Store,
} from '@chasqui/store';
import { Authenticator, type AuthRequest } from './authenticator.js';
import { ClassesOfService } from './classes-of-service.js';
import type { AuthLimiter } from './limiter.js';
import { CredentialCache, type CredentialCacheOptions } from './passwords/credential-cache.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { checkPassword, defaultPasswordPolicy, type PasswordPolicy } from './password-policy.js';
import { resolveRecipient, type RecipientResolution } from './recipient-resolver.js';

export interface DirectoryDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limiter?: AuthLimiter;
  readonly passwordPolicy?: PasswordPolicy;
  readonly hasher?: PasswordHasher;
  /** Verified-credential cache settings; null turns it off (every login runs argon2id). */
  readonly credentialCache?: CredentialCacheOptions | null;
}

/** Who performs a change, for the audit log. */
export interface ActorOption {
  readonly actor?: string;
}

export interface NewAccountInput {
  readonly address: string;
  readonly password: string;
  readonly displayName?: string;
  readonly quotaBytes?: number | null;
  readonly role?: AccountRole;
}

export class DirectoryService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly policy: PasswordPolicy;
  private readonly hasher: PasswordHasher;
  private readonly authenticator: Authenticator;
  /** Classes of service and the limits that apply to each account. */
  readonly classes: ClassesOfService;

  constructor(deps: DirectoryDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.policy = deps.passwordPolicy ?? defaultPasswordPolicy;
    this.hasher = deps.hasher ?? new PasswordHasher();
    this.classes = new ClassesOfService(deps.store, deps.clock);
    this.authenticator = new Authenticator({
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      hasher: this.hasher,
      limiter: deps.limiter ?? null,
      policy: this.policy,
      cache:
        deps.credentialCache === null ? null : new CredentialCache(deps.clock, deps.credentialCache ?? {}),
    });
  }

  // Domains

  async addDomain(name: string, options: ActorOption = {}): Promise<Domain> {
    const normalized = normalizeDomain(name);
    if (!isValidDomain(normalized))
      throw new ChasquiError('INVALID_ARGUMENT', `invalid domain name: ${name}`);
    const domain = await this.store.domains.create(normalized);
    await this.audit(options, 'domain.add', normalized);
    return domain;
  }

  listDomains(): Promise<Domain[]> {
    return this.store.domains.list();
  }

  async deleteDomain(name: string, options: ActorOption = {}): Promise<void> {
    const domain = await this.requireDomain(normalizeDomain(name));
    await this.store.domains.delete(domain.id);
    await this.audit(options, 'domain.del', domain.name);
  }

  async setCatchAll(domainName: string, address: string | null, options: ActorOption = {}): Promise<void> {
    const domain = await this.requireDomain(normalizeDomain(domainName));
    const target = address === null ? null : requireAddress(address).address;
    await this.store.domains.setCatchAll(domain.id, target);
    await this.audit(options, 'domain.catchall', domain.name, { address: target });
  }

  // Accounts

  async addAccount(input: NewAccountInput, options: ActorOption = {}): Promise<Account> {
    const address = requireAddress(input.address);
    checkPassword(input.password, address.localPart, this.policy);
    const account = await this.createAccount(address, await this.hasher.hash(input.password), input);
    await this.audit(options, 'account.add', account.address, {
      quotaBytes: account.quotaBytes,
      role: account.role,
    });
    return account;
  }

  /** Creates an account with a hash from another server (kept until the first login). */
  async importAccount(
    input: { address: string; passwordHash: string; displayName?: string; quotaBytes?: number | null },
    options: ActorOption = {},
  ): Promise<Account> {
    const account = await this.createAccount(requireAddress(input.address), input.passwordHash, input);
    await this.audit(options, 'account.import', account.address);
    return account;
  }

  private async createAccount(
    address: EmailAddress,
    passwordHash: string,
    input: { displayName?: string; quotaBytes?: number | null; role?: AccountRole },
  ): Promise<Account> {
    const domain = await this.requireDomain(address.domain);
    if (input.quotaBytes != null && (!Number.isSafeInteger(input.quotaBytes) || input.quotaBytes < 0)) {
      throw new ChasquiError('INVALID_ARGUMENT', 'quota must be a positive number of bytes');
    }
    return this.store.accounts.create({
      domainId: domain.id,
      address: address.address,
      displayName: input.displayName ?? '',
      passwordHash,
      role: input.role ?? 'user',
      quotaBytes: input.quotaBytes ?? null,
    });
  }

  getAccount(address: string): Promise<Account | null> {
    const parsed = parseEmailAddress(address);
    return parsed ? this.store.accounts.getByAddress(parsed.address) : Promise.resolve(null);
  }

  async listAccounts(domain?: string): Promise<Account[]> {
    if (domain === undefined) return this.store.accounts.list();
    return this.store.accounts.list({ domainId: (await this.requireDomain(normalizeDomain(domain))).id });
  }

  async setPassword(address: string, password: string, options: ActorOption = {}): Promise<void> {
    const account = await this.requireAccount(address);
    checkPassword(password, account.address.slice(0, account.address.indexOf('@')), this.policy);
    const passwordHash = await this.hasher.hash(password);
    await this.store.accounts.update(account.id, { passwordHash, passwordChangedAt: this.clock.now() });
    this.authenticator.forget(account.id);
    await this.audit(options, 'account.passwd', account.address);
  }

  async updateAccount(
    address: string,
    patch: { displayName?: string; quotaBytes?: number | null; role?: AccountRole; state?: AccountState },
    options: ActorOption = {},
  ): Promise<Account> {
    const account = await this.requireAccount(address);
    const updated = await this.store.accounts.update(account.id, patch);
    // A state change (disable, lock) must not outlive a cached login.
    this.authenticator.forget(account.id);
    await this.audit(options, 'account.update', account.address, { ...patch });
    return updated;
  }

  async deleteAccount(address: string, options: ActorOption = {}): Promise<void> {
    const account = await this.requireAccount(address);
    await this.store.accounts.delete(account.id);
    this.authenticator.forget(account.id);
    await this.audit(options, 'account.del', account.address);
  }

  // Aliases and groups

  async addAlias(address: string, targets: readonly string[], options: ActorOption = {}): Promise<Alias> {
    const parsed = requireAddress(address);
    if (targets.length === 0)
      throw new ChasquiError('INVALID_ARGUMENT', 'an alias needs at least one target');
    const domain = await this.requireDomain(parsed.domain);
    const canonical = targets.map((target) => requireAddress(target).address);
    const alias = await this.store.aliases.create({
      domainId: domain.id,
      address: parsed.address,
      targets: canonical,
    });
    await this.audit(options, 'alias.add', alias.address, { targets: canonical });
    return alias;
  }

  async listAliases(domain?: string): Promise<Alias[]> {
    if (domain === undefined) return this.store.aliases.list();
    return this.store.aliases.list({ domainId: (await this.requireDomain(normalizeDomain(domain))).id });
  }

  async deleteAlias(address: string, options: ActorOption = {}): Promise<void> {
    const parsed = requireAddress(address);
    await this.store.aliases.delete(parsed.address);
    await this.audit(options, 'alias.del', parsed.address);
  }

  async addGroup(
    input: { address: string; name: string; postingPolicy?: PostingPolicy; members: readonly string[] },
    options: ActorOption = {},
  ): Promise<Group> {
    const parsed = requireAddress(input.address);
    const domain = await this.requireDomain(parsed.domain);
    const group = await this.store.groups.create({
      domainId: domain.id,
      address: parsed.address,
      name: input.name,
      postingPolicy: input.postingPolicy ?? 'domain',
      members: input.members.map((member) => requireAddress(member).address),
    });
    await this.audit(options, 'group.add', group.address, { members: group.members.length });
    return group;
  }

  async listGroups(domain?: string): Promise<Group[]> {
    if (domain === undefined) return this.store.groups.list();
    return this.store.groups.list({ domainId: (await this.requireDomain(normalizeDomain(domain))).id });
  }

  async setGroupMembers(
    address: string,
    members: readonly string[],
    options: ActorOption = {},
  ): Promise<Group> {
    const group = await this.store.groups.setMembers(
      requireAddress(address).address,
      members.map((member) => requireAddress(member).address),
    );
    await this.audit(options, 'group.members', group.address, { members: group.members.length });
    return group;
  }

  async deleteGroup(address: string, options: ActorOption = {}): Promise<void> {
    const parsed = requireAddress(address);
    await this.store.groups.delete(parsed.address);
    await this.audit(options, 'group.del', parsed.address);
  }

  // Authentication and routing

  /** The one authentication entry point for every protocol. */
  authenticate(request: AuthRequest): Promise<Account> {
    return this.authenticator.authenticate(request);
  }

  resolveRecipient(address: string): Promise<RecipientResolution> {
    return resolveRecipient(this.store, address);
  }

  private async requireDomain(name: string): Promise<Domain> {
    const domain = await this.store.domains.getByName(name);
    if (!domain) throw new ChasquiError('NOT_FOUND', `domain ${name} does not exist`);
    return domain;
  }

  private async requireAccount(address: string): Promise<Account> {
    const account = await this.getAccount(address);
    if (!account) throw new ChasquiError('NOT_FOUND', `account ${address} does not exist`);
    return account;
  }

  private async audit(
    options: ActorOption,
    action: string,
    target: string,
    detail: Record<string, unknown> = {},
  ) {
    await this.store.audit.add({
      at: this.clock.now(),
      actor: options.actor ?? 'system',
      action,
      target,
      detail,
    });
  }
}

function requireAddress(input: string): EmailAddress {
  const parsed = parseEmailAddress(input);
  if (!parsed) throw new ChasquiError('INVALID_ADDRESS', `invalid address: ${input}`);
  return parsed;
}
