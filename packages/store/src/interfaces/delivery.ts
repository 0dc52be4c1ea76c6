// DKIM keys and the persistent outbound queue (issue: SMTP outbound).

export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';

export interface DkimKey {
  readonly id: number;
  readonly domain: string;
  readonly selector: string;
  readonly algorithm: DkimAlgorithm;
  /** PKCS#8 PEM. */
  readonly privateKey: string;
  /** The base64 SubjectPublicKeyInfo (RSA) or raw key (Ed25519) for the `p=` tag. */
  readonly publicKey: string;
  readonly isActive: boolean;
  readonly createdAt: number;
}

export interface DkimKeyRepository {
  /** Throws ALREADY_EXISTS when the domain already has this selector. */
  add(key: Omit<DkimKey, 'id' | 'isActive' | 'createdAt'>): Promise<DkimKey>;
  list(domain?: string): Promise<DkimKey[]>;
  /** The keys that sign the domain's mail (one per algorithm at most). */
  active(domain: string): Promise<DkimKey[]>;
  /** Makes `selector` the active key of its algorithm and retires the previous one. */
  activate(domain: string, selector: string): Promise<void>;
  delete(domain: string, selector: string): Promise<void>;
}

/** pending → delivered | failed (permanent); `notify` from RCPT NOTIFY= (RFC 3461). */
export interface QueuedRecipient {
  readonly address: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly lastError?: string;
  /** The remote reply, e.g. `550 5.1.1 user unknown`, kept for the DSN. */
  readonly remoteReply?: string;
  readonly remoteMta?: string;
  readonly notify?: readonly string[];
  readonly orcpt?: string;
}

export interface QueueEntry {
  readonly id: number;
  readonly createdAt: number;
  readonly mailFrom: string;
  readonly envid: string | null;
  readonly ret: string | null;
  readonly recipients: readonly QueuedRecipient[];
  readonly size: number;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly warnedAt: number | null;
  readonly lastError: string | null;
  readonly logId: number | null;
}

export interface NewQueueEntry {
  readonly mailFrom: string;
  readonly envid?: string | null;
  readonly ret?: string | null;
  readonly recipients: readonly QueuedRecipient[];
  readonly raw: Uint8Array;
  readonly logId?: number | null;
}

export interface QueueUpdate {
  readonly recipients: readonly QueuedRecipient[];
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly warnedAt?: number | null;
  readonly lastError: string | null;
}

export interface OutboundQueueRepository {
  /** Durable when the promise resolves (the SMTP 250 waits for it). */
  enqueue(entry: NewQueueEntry): Promise<number>;
  /** Leases up to `limit` due entries to the caller until `leaseUntil`. */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<QueueEntry[]>;
  raw(id: number): Promise<Uint8Array | null>;
  get(id: number): Promise<QueueEntry | null>;
  list(limit?: number): Promise<QueueEntry[]>;
  /** Records an attempt and releases the lease. */
  update(id: number, update: QueueUpdate): Promise<void>;
  /** Links entries to their message log record (written after them). */
  attachLog(ids: readonly number[], logId: number): Promise<void>;
  /** Makes an entry due now. Returns false when it does not exist. */
  retryNow(id: number, now: number): Promise<boolean>;
  delete(id: number): Promise<boolean>;
  /** The earliest `next_attempt_at`, so a worker can sleep until then. */
  nextDueAt(): Promise<number | null>;
}

/** One counter of TLS-RPT: `result` is `success` or an RFC 8460 §4.3 result type. */
export interface TlsSessionCount {
  readonly day: string;
  readonly domain: string;
  /** `sts` or `no-policy-found`. */
  readonly policyType: string;
  /** The policy as published (MTA-STS lines), empty for no-policy-found. */
  readonly policyString: string;
  readonly mxHost: string;
  readonly result: string;
  readonly sessions: number;
}

export interface TlsReportRepository {
  record(entry: Omit<TlsSessionCount, 'sessions'>): Promise<void>;
  /** Counters of days before `day` (complete days waiting for their report). */
  before(day: string): Promise<TlsSessionCount[]>;
  deleteDay(day: string, domain: string): Promise<void>;
}
