// Group commit for appends (ARCHITECTURE.md §3). A large blob is first written and fsynced under
// a fresh file name, outside any lock (small ones travel inside the transaction); then the
// message joins the next batched transaction. A failing message fails only its own promise.
// When the content was already stored, the new file is redundant and removed after the commit.
import { ChasquiError, isChasquiError, type Clock } from '@chasqui/core';
import type { AppendResult, NewMessage } from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor } from '../sql/driver.js';
import { TransactionBatcher } from '../sql/transaction-batcher.js';
import { type BlobFileName, type BlobFiles, hashBlob, newGeneration } from './blob-files.js';
import { checkQuota } from './account-quota.js';
import { insertMessageRows } from './message-insert.js';
import { storeSummary } from './message-reads.js';

interface Queued {
  readonly message: NewMessage;
  readonly file: BlobFileName;
}

interface Outcome {
  readonly result: AppendResult | Error;
  /** True when the blob row already existed: this append's own file is not needed. */
  readonly isFileRedundant: boolean;
}

/** Blobs up to this size are stored in the database row, above it in a file (ARCHITECTURE.md §3). */
export const inlineBlobLimit = 256 * 1024;

export class AppendBatcher {
  private readonly batcher: TransactionBatcher<Queued, Outcome>;

  constructor(
    db: SqlDriver,
    private readonly files: BlobFiles,
    private readonly clock: Clock,
  ) {
    this.batcher = new TransactionBatcher(db, (tx, queued) => this.appendOne(tx, queued));
  }

  async append(message: NewMessage): Promise<AppendResult> {
    const isInline = message.raw.byteLength <= inlineBlobLimit;
    const file = { hash: hashBlob(message.raw), generation: isInline ? 0 : newGeneration() };
    if (!isInline) await this.files.write(file, message.raw);
    let outcome: Outcome;
    try {
      outcome = await this.batcher.submit({ message, file });
    } catch (error) {
      if (!isInline) await this.files.remove(file);
      throw error;
    }
    if (!isInline && (outcome.isFileRedundant || outcome.result instanceof Error))
      await this.files.remove(file);
    if (outcome.result instanceof Error) throw outcome.result;
    return outcome.result;
  }

  /** One message inside the batch's transaction; expected failures are returned, not thrown. */
  private async appendOne(tx: SqlExecutor, queued: Queued): Promise<Outcome> {
    const { message } = queued;
    const size = message.raw.byteLength;
    try {
      await checkQuota(tx, message.accountId, size);
    } catch (error) {
      if (!isChasquiError(error)) throw error;
      return failed(error);
    }
    const mailboxIds = await ownedMailboxes(tx, message);
    if (mailboxIds instanceof Error) return failed(mailboxIds);
    const isFileRedundant = await this.referenceBlob(tx, queued.file, message);
    const result = await insertMessageRows(tx, {
      message,
      mailboxIds,
      blobHash: queued.file.hash,
      now: this.clock.now(),
    });
    return { result, isFileRedundant };
  }

  /** Adds a reference to the blob row, creating it for this append's file when absent. */
  private async referenceBlob(tx: SqlExecutor, file: BlobFileName, message: NewMessage): Promise<boolean> {
    const { raw } = message;
    const existing = await tx.get(
      'UPDATE blobs SET refcount = refcount + 1 WHERE hash = ? RETURNING generation',
      [file.hash],
    );
    if (!existing) {
      await tx.run(
        'INSERT INTO blobs (hash, generation, size, refcount, data, created_at) VALUES (?, ?, ?, 1, ?, ?)',
        [file.hash, file.generation, raw.byteLength, file.generation === 0 ? raw : null, this.clock.now()],
      );
    }
    // Content stored before summaries existed gets this one; a stored one is kept.
    if (message.summary !== undefined) await storeSummary(tx, file.hash, message.summary);
    return existing !== null;
  }
}

function failed(error: Error): Outcome {
  return { result: error, isFileRedundant: false };
}

async function ownedMailboxes(tx: SqlExecutor, message: NewMessage): Promise<number[] | Error> {
  const ids = [...new Set(message.mailboxIds)];
  if (ids.length === 0) return new ChasquiError('INVALID_ARGUMENT', 'a message needs at least one mailbox');
  for (const id of ids) {
    const owner = await tx.get('SELECT 1 AS x FROM mailboxes WHERE id = ? AND account_id = ?', [
      id,
      message.accountId,
    ]);
    if (!owner) return new ChasquiError('NOT_FOUND', `mailbox ${id} not found`);
  }
  return ids;
}
