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

/** Where a message's blob goes: generation 0 in its database row, a fresh file name above the limit. */
function blobFileOf(raw: Uint8Array): BlobFileName {
  const isInline = raw.byteLength <= inlineBlobLimit;
  return { hash: hashBlob(raw), generation: isInline ? 0 : newGeneration() };
}

function isInFile(queued: Queued): boolean {
  return queued.file.generation !== 0;
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

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
    const [result] = await this.appendAll([message]);
    if (result === undefined) throw new ChasquiError('INTERNAL', 'appendAll returned no result');
    if (result instanceof Error) throw result;
    return result;
  }

  /**
   * Appends messages in this order (their UIDs ascend with it), committed together: each
   * message's result, or the error that refused it (the others are stored all the same).
   */
  async appendAll(messages: readonly NewMessage[]): Promise<(AppendResult | Error)[]> {
    const queued = messages.map((message) => ({ message, file: blobFileOf(message.raw) }));
    await this.writeFiles(queued.filter(isInFile));
    const settled = await Promise.allSettled(this.batcher.submitAll(queued));
    return Promise.all(
      settled.map(async (outcome, index) => {
        const entry = queued[index] as Queued;
        const result = outcome.status === 'fulfilled' ? outcome.value.result : asError(outcome.reason);
        const isFileKept = outcome.status === 'fulfilled' && !outcome.value.isFileRedundant;
        if (isInFile(entry) && (!isFileKept || result instanceof Error)) await this.files.remove(entry.file);
        return result;
      }),
    );
  }

  /** Writes (and fsyncs) the large blobs before any lock is taken; none is left when one fails. */
  private async writeFiles(large: readonly Queued[]): Promise<void> {
    const writes = await Promise.allSettled(large.map((q) => this.files.write(q.file, q.message.raw)));
    const failed = writes.find((write) => write.status === 'rejected');
    if (failed === undefined) return;
    await Promise.all(large.map((q) => this.files.remove(q.file)));
    throw asError(failed.reason);
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
