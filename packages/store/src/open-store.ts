// Picks the backend named in the options; callers never import a backend directly.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '@chasqui/core';
import { SqlDkimKeyRepository } from './delivery/dkim-key-repository.js';
import { SqlOutboundQueueRepository } from './delivery/outbound-queue-repository.js';
import { SqlTlsReportRepository } from './delivery/tls-report-repository.js';
import { SqlSettingsRepository } from './settings-repository.js';
import { SqlLeaseRepository } from './lease-repository.js';
import { SqlClassOfServiceRepository } from './directory/class-of-service-repository.js';
import { SqlAccountRepository } from './directory/account-repository.js';
import { SqlAliasRepository } from './directory/alias-repository.js';
import { SqlDomainRepository } from './directory/domain-repository.js';
import { SqlGroupRepository } from './directory/group-repository.js';
import type { Broadcast, Store, StoreOptions } from './interfaces/index.js';
import { SqlAuditRepository } from './logs/audit-repository.js';
import { SqlMessageLogRepository } from './logs/message-log-repository.js';
import { SqlMailboxAclRepository } from './mail/acl-repository.js';
import { createMailRepositories } from './mail/index.js';
import { openPostgresDriver } from './postgres/postgres-driver.js';
import type { SqlDriver } from './sql/driver.js';
import { migrate } from './sql/migrate.js';
import { SqlJmapEmailRepository } from './jmap/email-repository.js';
import { SqlJmapIdentityRepository } from './jmap/identity-repository.js';
import { SqlEmailSubmissionRepository } from './jmap/submission-repository.js';
import { SqlVacationResponseRepository } from './jmap/vacation-repository.js';
import { SqlVacationReplyRepository } from './jmap/vacation-reply-repository.js';
import { openSqliteDriver } from './sqlite/sqlite-driver.js';
import { SqlPreferencesRepository } from './webmail/preferences-repository.js';
import { SqlRecipientHistoryRepository } from './webmail/recipient-history-repository.js';
import { SqlSpamFeedbackRepository } from './webmail/spam-feedback-repository.js';

export interface StoreContext {
  readonly clock: Clock;
  readonly logger: Logger;
}

async function openDriver(
  options: StoreOptions,
): Promise<{ driver: SqlDriver; blobDir: string; broadcast: Broadcast | null }> {
  if (options.backend === 'sqlite') {
    mkdirSync(options.dataDir, { recursive: true });
    return {
      driver: openSqliteDriver(join(options.dataDir, 'chasqui.db')),
      blobDir: join(options.dataDir, 'blobs'),
      broadcast: null,
    };
  }
  const { driver, broadcast } = await openPostgresDriver({
    connectionString: options.connectionString,
    schema: options.schema ?? 'chasqui',
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
  return { driver, blobDir: options.blobDir, broadcast };
}

/** Opens (and migrates) the store described by `options`. */
export async function openStore(options: StoreOptions, context: StoreContext): Promise<Store> {
  const { driver, blobDir, broadcast } = await openDriver(options);
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  const mail = createMailRepositories({ driver, blobDir, clock: context.clock, logger: context.logger });
  return {
    backend: options.backend,
    domains: new SqlDomainRepository(driver, context.clock),
    accounts: new SqlAccountRepository(driver, context.clock),
    aliases: new SqlAliasRepository(driver, context.clock),
    groups: new SqlGroupRepository(driver, context.clock),
    classesOfService: new SqlClassOfServiceRepository(driver, context.clock),
    mailboxes: mail.mailboxes,
    messages: mail.messages,
    mailboxAcl: new SqlMailboxAclRepository(driver, context.clock),
    blobs: mail.blobs,
    changes: mail.changes,
    messageLog: new SqlMessageLogRepository(driver),
    audit: new SqlAuditRepository(driver),
    settings: new SqlSettingsRepository(driver),
    leases: new SqlLeaseRepository(driver, context.clock),
    dkimKeys: new SqlDkimKeyRepository(driver, context.clock),
    outboundQueue: new SqlOutboundQueueRepository(driver, context.clock),
    tlsReports: new SqlTlsReportRepository(driver),
    jmapIdentities: new SqlJmapIdentityRepository(driver),
    vacationResponses: new SqlVacationResponseRepository(driver),
    vacationReplies: new SqlVacationReplyRepository(driver),
    emailSubmissions: new SqlEmailSubmissionRepository(driver, context.clock),
    jmapEmails: new SqlJmapEmailRepository(driver),
    preferences: new SqlPreferencesRepository(driver),
    recipientHistory: new SqlRecipientHistoryRepository(driver),
    spamFeedback: new SqlSpamFeedbackRepository(driver),
    recover: (options) => mail.recover(options),
    broadcast,
    ping: async () => {
      await driver.get('SELECT 1 AS ok');
    },
    close: () => driver.close(),
  };
}
