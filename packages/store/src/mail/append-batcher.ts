// Group commit for appends (ARCHITECTURE.md §3). A large blob is first written and fsynced under
// a fresh file name, outside any lock (small ones travel inside the transaction); then everything queued while a transaction runs
// goes into the next one, so 64 concurrent deliveries cost one commit instead of 64. A promise
// settles after COMMIT; a failing message fails only its own promise. When the content was
// already stored, the new file is redundant and removed after the commit.
import { ChasquiError, isChasquiError, type Clock } from '@chasqui/core';
import type { AppendResult, NewMessage } from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor } from '../sql/driver.js';
import { type BlobFileName, type BlobFiles, hashBlob, newGeneration } from './blob-files.js';
import { checkQuota } from './account-quota.js';
import { insertMessageRows } from './message-insert.js';
import { storeSummary } from './message-reads.js';

interface Pending {
  readonly message: NewMessage;
  readonly file: BlobFileName;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
}

interface Outcome {
  readonly result: AppendResult | Error;
  /** True when the blob row already existed: this append's own file is not needed. */
  readonly isFileRedundant: boolean;
}

const maxBatch = 256;
/** Blobs up to this size are stored in the database row, above it in a file (ARCHITECTURE.md §3). */
export const inlineBlobLimit = 256 * 1024;

export class AppendBatcher {
  private queue: Pending[] = [];
  private isRunning = false;

  constructor(
    private readonly db: SqlDriver,
    private readonly files: BlobFiles,
    private readonly clock: Clock,
  ) {}

  async append(message: NewMessage): Promise<AppendResult> {
    const isInline = message.raw.byteLength <= inlineBlobLimit;
    const file = { hash: hashBlob(message.raw), generation: isInline ? 0 : newGeneration() };
    if (!isInline) await this.files.write(file, message.raw);
    let outcome: Outcome;
    try {
      outcome = await new Promise<Outcome>((resolve, reject) => {
        this.queue.push({ message, file, resolve, reject });
        if (!this.isRunning) void this.drain();
      });
    } catch (error) {
      if (!isInline) await this.files.remove(file);
      throw error;
    }
    if (!isInline && (outcome.isFileRedundant || outcome.result instanceof Error))
      await this.files.remove(file);
    if (outcome.result instanceof Error) throw outcome.result;
    return outcome.result;
  }

  private async drain(): Promise<void> {
    this.isRunning = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, maxBatch);
      try {
        const outcomes = await this.db.transaction(async (tx) => {
          const done: Outcome[] = [];
          for (const pending of batch) done.push(await this.appendOne(tx, pending));
          return done;
        });
        batch.forEach((pending, index) => {
          const outcome = outcomes[index];
          if (outcome) pending.resolve(outcome);
          else pending.reject(new ChasquiError('INTERNAL', 'append outcome missing'));
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.isRunning = false;
  }

  /** One message inside the batch's transaction; expected failures are returned, not thrown. */
  private async appendOne(tx: SqlExecutor, pending: Pending): Promise<Outcome> {
    const { message } = pending;
    const size = message.raw.byteLength;
    try {
      await checkQuota(tx, message.accountId, size);
    } catch (error) {
      if (!isChasquiError(error)) throw error;
      return failed(error);
    }
    const mailboxIds = await ownedMailboxes(tx, message);
    if (mailboxIds instanceof Error) return failed(mailboxIds);
    const isFileRedundant = await this.referenceBlob(tx, pending.file, message);
    const result = await insertMessageRows(tx, {
      message,
      mailboxIds,
      blobHash: pending.file.hash,
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
