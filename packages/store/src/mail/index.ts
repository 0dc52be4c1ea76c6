// The mail part of the store: mailboxes, messages, blobs, change log and recovery.
import type { Clock, Logger } from '@chasqui/core';
import type {
  BlobReader,
  ChangeLogRepository,
  MailboxRepository,
  MessageRepository,
  RecoveryReport,
} from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor } from '../sql/driver.js';
import { AppendBatcher } from './append-batcher.js';
import { BlobFiles } from './blob-files.js';
import { SqlBlobReader } from './blob-reader.js';
import { SqlChangeLogRepository } from './change-log-repository.js';
import { SqlMailboxRepository } from './mailbox-repository.js';
import { destroyMessageRows } from './message-removal.js';
import { SqlMessageRepository } from './message-repository.js';
import { recoverBlobs } from './recovery.js';

export interface MailRepositories {
  readonly mailboxes: MailboxRepository;
  readonly messages: MessageRepository;
  readonly blobs: BlobReader;
  readonly changes: ChangeLogRepository;
  recover(options?: { graceMs?: number }): Promise<RecoveryReport>;
}

/** Builds the mail repositories over one driver and blob directory. */
export function createMailRepositories(deps: {
  driver: SqlDriver;
  blobDir: string;
  clock: Clock;
  logger: Logger;
}): MailRepositories {
  const { driver, clock, logger } = deps;
  const files = new BlobFiles(deps.blobDir);
  const blobs = new SqlBlobReader(driver, files);
  const changes = new SqlChangeLogRepository(driver);
  return {
    mailboxes: new SqlMailboxRepository(driver, clock),
    messages: new SqlMessageRepository(driver, clock, new AppendBatcher(driver, files, clock), changes),
    blobs,
    changes,
    recover: (options) => recoverBlobs({ db: driver, files, clock, logger }, options),
  };
}

/** Deletes an account's mail inside the caller's transaction, releasing blob references. */
export async function deleteAccountMail(tx: SqlExecutor, accountId: number): Promise<void> {
  const messages = await tx.all<{ id: number }>('SELECT id FROM messages WHERE account_id = ?', [accountId]);
  await destroyMessageRows(
    tx,
    accountId,
    messages.map((m) => m.id),
  );
  await tx.run('DELETE FROM mailboxes WHERE account_id = ?', [accountId]);
  await tx.run('DELETE FROM changes WHERE account_id = ?', [accountId]);
}

/** Recounts an account's usage from its messages and stores the result. */
export async function recountAccountQuota(
  tx: SqlExecutor,
  accountId: number,
): Promise<{ usedBytes: number; messageCount: number }> {
  const row = await tx.get<{ used: number | null; count: number }>(
    'SELECT SUM(size) AS used, COUNT(*) AS count FROM messages WHERE account_id = ?',
    [accountId],
  );
  const usage = { usedBytes: row?.used ?? 0, messageCount: row?.count ?? 0 };
  await tx.run('UPDATE accounts SET used_bytes = ?, message_count = ? WHERE id = ?', [
    usage.usedBytes,
    usage.messageCount,
    accountId,
  ]);
  return usage;
}
