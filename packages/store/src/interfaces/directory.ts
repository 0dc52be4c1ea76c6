// Repositories for the directory: domains, accounts, aliases, groups (ARCHITECTURE.md §6).

export type AccountRole = 'user' | 'admin';
export type AccountState = 'active' | 'locked' | 'disabled';
export type PostingPolicy = 'anyone' | 'members' | 'domain';

export interface Domain {
  readonly id: number;
  readonly name: string;
  /** Address that receives mail for unknown local parts, or null. */
  readonly catchAll: string | null;
  readonly isEnabled: boolean;
  readonly createdAt: number;
}

export interface Account {
  readonly id: number;
  readonly domainId: number;
  /** Canonical lower-case address; unique across the server. */
  readonly address: string;
  readonly displayName: string;
  /** PHC string: argon2id for local accounts, or a legacy `{SCHEME}` hash until first login. */
  readonly passwordHash: string;
  readonly role: AccountRole;
  readonly state: AccountState;
  /** Quota in bytes, or null for unlimited. */
  readonly quotaBytes: number | null;
  /** Class of service; null = the server defaults. */
  readonly cosId: number | null;
  readonly usedBytes: number;
  readonly messageCount: number;
  /** The last modseq handed out in this account's change log. */
  readonly highestModseq: number;
  readonly createdAt: number;
  readonly passwordChangedAt: number;
}

export interface NewAccount {
  readonly domainId: number;
  readonly address: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly role?: AccountRole;
  readonly quotaBytes?: number | null;
}

export type AccountPatch = Partial<
  Pick<
    Account,
    'displayName' | 'passwordHash' | 'role' | 'state' | 'quotaBytes' | 'cosId' | 'passwordChangedAt'
  >
>;

export interface Alias {
  readonly id: number;
  readonly domainId: number;
  readonly address: string;
  /** Destination addresses (local or external). */
  readonly targets: readonly string[];
  readonly createdAt: number;
}

export interface Group {
  readonly id: number;
  readonly domainId: number;
  readonly address: string;
  readonly name: string;
  readonly postingPolicy: PostingPolicy;
  readonly members: readonly string[];
  readonly createdAt: number;
}

export interface DomainRepository {
  /** Throws ALREADY_EXISTS when the name is taken. */
  create(name: string): Promise<Domain>;
  getByName(name: string): Promise<Domain | null>;
  getById(id: number): Promise<Domain | null>;
  list(): Promise<Domain[]>;
  setCatchAll(id: number, address: string | null): Promise<void>;
  /** Throws CONFLICT while accounts, aliases or groups still use the domain. */
  delete(id: number): Promise<void>;
}

export interface AccountRepository {
  /** Throws ALREADY_EXISTS when the address is taken by an account, alias or group. */
  create(account: NewAccount): Promise<Account>;
  getById(id: number): Promise<Account | null>;
  getByAddress(address: string): Promise<Account | null>;
  list(filter?: { domainId?: number }): Promise<Account[]>;
  update(id: number, patch: AccountPatch): Promise<Account>;
  /** Deletes the account with its mailboxes, messages and change log; releases its blobs. */
  delete(id: number): Promise<void>;
  /** Recomputes usedBytes and messageCount from the messages (for checks and repair). */
  recountQuota(id: number): Promise<{ usedBytes: number; messageCount: number }>;
}

export interface AliasRepository {
  create(alias: { domainId: number; address: string; targets: readonly string[] }): Promise<Alias>;
  getByAddress(address: string): Promise<Alias | null>;
  list(filter?: { domainId?: number }): Promise<Alias[]>;
  delete(address: string): Promise<void>;
}

export interface GroupRepository {
  create(group: {
    domainId: number;
    address: string;
    name: string;
    postingPolicy: PostingPolicy;
    members: readonly string[];
  }): Promise<Group>;
  getByAddress(address: string): Promise<Group | null>;
  list(filter?: { domainId?: number }): Promise<Group[]>;
  setMembers(address: string, members: readonly string[]): Promise<Group>;
  delete(address: string): Promise<void>;
}

/** Limits shared by a group of accounts; null = no limit of its own (server default). */
export interface ClassOfService {
  readonly id: number;
  readonly name: string;
  readonly maxRecipients: number | null;
  readonly maxMessageBytes: number | null;
  /** Mailbox quota for accounts without their own. */
  readonly quotaBytes: number | null;
  /** Outgoing messages per hour (compromised-account brake). */
  readonly maxSentPerHour: number | null;
  readonly createdAt: number;
}

export type ClassOfServiceLimits = Partial<Omit<ClassOfService, 'id' | 'name' | 'createdAt'>>;

export interface ClassOfServiceRepository {
  /** Throws ALREADY_EXISTS for a taken name. */
  create(name: string, limits: ClassOfServiceLimits): Promise<ClassOfService>;
  getById(id: number): Promise<ClassOfService | null>;
  getByName(name: string): Promise<ClassOfService | null>;
  list(): Promise<ClassOfService[]>;
  update(id: number, limits: ClassOfServiceLimits): Promise<ClassOfService>;
  /** Accounts in it fall back to the defaults. */
  delete(id: number): Promise<void>;
}
