// The store: the only code that knows SQL or files (ARCHITECTURE.md §1, §7).
import type { MailboxAclRepository } from './acl.js';
import type { ChangeLogRepository } from './changes.js';
import type { DkimKeyRepository, OutboundQueueRepository, TlsReportRepository } from './delivery.js';
import type {
  AccountRepository,
  AliasRepository,
  ClassOfServiceRepository,
  DomainRepository,
  GroupRepository,
} from './directory.js';
import type {
  EmailSubmissionRepository,
  JmapEmailRepository,
  JmapIdentityRepository,
  VacationResponseRepository,
} from './jmap.js';
import type { AuditRepository, MessageLogRepository } from './logs.js';
import type { SettingsRepository } from './settings.js';
import type { VacationReplyRepository } from './vacation.js';
import type { LeaseRepository } from './leases.js';
import type { Broadcast } from './broadcast.js';
import type { BlobReader, MailboxRepository, MessageRepository } from './mail.js';
import type { PreferencesRepository, RecipientHistoryRepository, SpamFeedbackRepository } from './webmail.js';

export interface RecoveryReport {
  /** Blob files with no row (left by a crash before commit), removed. */
  readonly orphanFilesRemoved: number;
  /** Rows with no references, collected. */
  readonly unreferencedBlobsRemoved: number;
  /** Rows whose file was missing: must be 0; reported loudly if not. */
  readonly missingBlobFiles: readonly string[];
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  readonly domains: DomainRepository;
  readonly accounts: AccountRepository;
  readonly aliases: AliasRepository;
  readonly groups: GroupRepository;
  readonly classesOfService: ClassOfServiceRepository;
  readonly mailboxes: MailboxRepository;
  readonly messages: MessageRepository;
  /** Mailbox ACLs (RFC 4314) and grantees' own \Seen on shared mailboxes. */
  readonly mailboxAcl: MailboxAclRepository;
  readonly blobs: BlobReader;
  readonly changes: ChangeLogRepository;
  readonly messageLog: MessageLogRepository;
  readonly audit: AuditRepository;
  readonly settings: SettingsRepository;
  /** Expiring named leases: singleton jobs and exclusive locks across processes and nodes. */
  readonly leases: LeaseRepository;
  readonly dkimKeys: DkimKeyRepository;
  readonly outboundQueue: OutboundQueueRepository;
  readonly tlsReports: TlsReportRepository;
  readonly jmapIdentities: JmapIdentityRepository;
  readonly vacationResponses: VacationResponseRepository;
  /** Whom each vacation response answered and when (RFC 5230 §4.2). */
  readonly vacationReplies: VacationReplyRepository;
  readonly emailSubmissions: EmailSubmissionRepository;
  readonly jmapEmails: JmapEmailRepository;
  /** Webmail preferences, recipient history and spam feedback (webmail.ts). */
  readonly preferences: PreferencesRepository;
  readonly recipientHistory: RecipientHistoryRepository;
  readonly spamFeedback: SpamFeedbackRepository;
  /** Checks blobs against rows and collects garbage older than `graceMs` (default one hour). */
  recover(options?: { graceMs?: number }): Promise<RecoveryReport>;
  /** Notices to every process of every node (PostgreSQL); null on the one-node SQLite store. */
  readonly broadcast: Broadcast | null;
  /** Cheap liveness probe for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface SqliteStoreOptions {
  readonly backend: 'sqlite';
  /** Data directory: `chasqui.db` and `blobs/` are created inside. */
  readonly dataDir: string;
}

export interface PostgresStoreOptions {
  readonly backend: 'postgres';
  readonly connectionString: string;
  /** Schema to use (created if missing); tests use one per run. */
  readonly schema?: string;
  /** Blob directory (PostgreSQL keeps metadata; blobs stay on a shared file system). */
  readonly blobDir: string;
  readonly poolSize?: number;
}

export type StoreOptions = SqliteStoreOptions | PostgresStoreOptions;
