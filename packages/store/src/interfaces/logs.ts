// The message log (the monitoring panel's source) and the audit log of admin actions.

export type MessageDirection = 'inbound' | 'outbound' | 'internal';

export interface RecipientOutcome {
  readonly address: string;
  /** delivered | queued | deferred | bounced | rejected | quarantined | discarded */
  readonly status: string;
  readonly detail?: string;
}

export interface MessageLogEntry {
  readonly id: number;
  readonly at: number;
  readonly direction: MessageDirection;
  readonly mailFrom: string;
  readonly recipients: readonly RecipientOutcome[];
  readonly fromHeader: string;
  readonly subject: string;
  readonly messageIdHeader: string | null;
  readonly size: number;
  readonly clientIp: string | null;
  readonly tls: string | null;
  readonly authResults: string | null;
  /** accept | reject | tempfail | quarantine | discard */
  readonly verdict: string;
  readonly score: number | null;
  readonly ruleHits: readonly string[];
  readonly timings: Readonly<Record<string, number>>;
}

export type NewMessageLogEntry = Omit<MessageLogEntry, 'id'>;

export interface MessageLogQuery {
  /** Matches sender or any recipient address (exact) or domain (`@example.test`). */
  readonly address?: string;
  readonly subjectContains?: string;
  readonly direction?: MessageDirection;
  readonly verdict?: string;
  readonly minScore?: number;
  readonly from?: number;
  readonly to?: number;
  /** Entries with id below this (keyset pagination, newest first). */
  readonly beforeId?: number;
  readonly limit?: number;
}

export interface MessageLogRepository {
  add(entry: NewMessageLogEntry): Promise<number>;
  /** Newest first. */
  search(query: MessageLogQuery): Promise<MessageLogEntry[]>;
  getById(id: number): Promise<MessageLogEntry | null>;
  /** Replaces per-recipient outcomes (the outbound queue reports what finally happened). */
  updateRecipients(id: number, recipients: readonly RecipientOutcome[]): Promise<void>;
  /** Deletes entries older than `beforeTime`; returns how many. */
  trim(beforeTime: number): Promise<number>;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditRepository {
  add(entry: Omit<AuditEntry, 'id'>): Promise<number>;
  list(query?: { actor?: string; beforeId?: number; limit?: number }): Promise<AuditEntry[]>;
}
