// Group commit for appends: everything queued while a transaction runs goes into the next
// one, so 64 concurrent deliveries cost one commit (one fsync of the WAL) instead of 64.
// Each caller's promise settles after COMMIT; a failing message fails only its own promise.
import { ChasquiError, type Clock } from '@chasqui/core';
import type { AppendResult, NewMessage } from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor } from '../sql/driver.js';
import { BlobFiles, hashBlob } from './blob-files.js';
import { logChanges } from './change-log.js';
import { indexText } from './full-text.js';
import { encodeKeywords } from './message-rows.js';

interface Prepared {
  readonly pending: Pending;
  readonly mailboxIds: number[];
  readonly generation: number;
}

interface Pending {
  readonly message: NewMessage;
  readonly hash: string;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

const maxBatch = 256;

export class AppendBatcher {
  private queue: Pending[] = [];
  /** Bytes accepted earlier in the running batch but not yet added to used_bytes. */
  private readonly reservedBytes = new Map<number, number>();
  private isRunning = false;

  constructor(
    private readonly db: SqlDriver,
    private readonly files: BlobFiles,
    private readonly clock: Clock,
  ) {}

  append(message: NewMessage): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, hash: hashBlob(message.raw), resolve, reject });
      if (!this.isRunning) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.isRunning = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, maxBatch);
      try {
        this.reservedBytes.clear();
        const outcomes = await this.db.transaction((tx) => this.commitBatch(tx, batch));
        batch.forEach((pending, index) => {
          settle(pending, outcomes[index]);
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.isRunning = false;
  }

  /** Validates and holds blobs, writes the new files concurrently, then inserts metadata. */
  private async commitBatch(tx: SqlExecutor, batch: readonly Pending[]): Promise<(AppendResult | Error)[]> {
    const prepared: (Prepared | Error)[] = [];
    for (const pending of batch) prepared.push(await this.prepareOne(tx, pending));
    const writes = new Map<string, Promise<void>>();
    for (const item of prepared) {
      if (item instanceof Error) continue;
      const key = `${item.pending.hash}-${item.generation}`;
      if (!writes.has(key)) {
        writes.set(
          key,
          this.files.write(
            { hash: item.pending.hash, generation: item.generation },
            item.pending.message.raw,
          ),
        );
      }
    }
    await Promise.all(writes.values());
    const outcomes: (AppendResult | Error)[] = [];
    for (const item of prepared) {
      outcomes.push(
        item instanceof Error ? item : await this.insertMessage(tx, item.pending, item.mailboxIds),
      );
    }
    return outcomes;
  }

  /** Checks quota and mailboxes and takes the blob reference; expected failures are returned. */
  private async prepareOne(tx: SqlExecutor, pending: Pending): Promise<Prepared | Error> {
    const { message } = pending;
    const size = message.raw.byteLength;
    const account = await tx.get<{ quota_bytes: number | null; used_bytes: number }>(
      'SELECT quota_bytes, used_bytes FROM accounts WHERE id = ?',
      [message.accountId],
    );
    if (!account) return new ChasquiError('NOT_FOUND', `account ${message.accountId} not found`);
    const reserved = this.reservedBytes.get(message.accountId) ?? 0;
    if (account.quota_bytes !== null && account.used_bytes + reserved + size > account.quota_bytes) {
      return new ChasquiError('QUOTA_EXCEEDED');
    }
    const mailboxIds = await this.ownedMailboxes(tx, message);
    if (mailboxIds instanceof Error) return mailboxIds;
    this.reservedBytes.set(message.accountId, reserved + size);
    const generation = await this.holdBlob(tx, pending.hash, size);
    return { pending, mailboxIds, generation };
  }

  private async ownedMailboxes(tx: SqlExecutor, message: NewMessage): Promise<number[] | Error> {
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

  /** Takes a reference on the blob row (creating it with a fresh generation); returns the generation. */
  private async holdBlob(tx: SqlExecutor, hash: string, size: number): Promise<number> {
    const existing = await tx.get<{ generation: number }>(
      'UPDATE blobs SET refcount = refcount + 1 WHERE hash = ? RETURNING generation',
      [hash],
    );
    if (existing) return existing.generation;
    const generation =
      tx.dialect === 'sqlite'
        ? await tx.get<{ id: number }>('INSERT INTO blob_generations DEFAULT VALUES RETURNING id')
        : await tx.get<{ id: number }>("SELECT nextval('blob_generations') AS id");
    if (!generation) throw new ChasquiError('INTERNAL', 'no blob generation');
    await tx.run('INSERT INTO blobs (hash, generation, size, refcount, created_at) VALUES (?, ?, ?, 1, ?)', [
      hash,
      generation.id,
      size,
      this.clock.now(),
    ]);
    return generation.id;
  }

  private async insertMessage(
    tx: SqlExecutor,
    pending: Pending,
    mailboxIds: number[],
  ): Promise<AppendResult> {
    const { message } = pending;
    const now = this.clock.now();
    const keywords = encodeKeywords(message.keywords);
    const row = await tx.get<{ id: number }>(
      `INSERT INTO messages (account_id, blob_hash, size, received_at, sent_at, subject, from_addr, to_addr,
         message_id_header, in_reply_to, refs, thread_id, preview, has_attachment, flags, keywords, modseq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id`,
      [
        message.accountId,
        pending.hash,
        message.raw.byteLength,
        message.receivedAt,
        message.sentAt,
        message.subject,
        message.from,
        message.to,
        message.messageIdHeader,
        message.inReplyTo,
        JSON.stringify(message.references),
        message.threadId ?? 0,
        message.preview,
        message.hasAttachment ? 1 : 0,
        message.flags,
        keywords,
      ],
    );
    if (!row) throw new ChasquiError('INTERNAL', 'message insert returned nothing');
    const threadId = message.threadId ?? row.id;
    const uids = new Map<number, number>();
    for (const mailboxId of mailboxIds) {
      const next = await tx.get<{ uid: number }>(
        'UPDATE mailboxes SET uid_next = uid_next + 1 WHERE id = ? RETURNING uid_next - 1 AS uid',
        [mailboxId],
      );
      if (!next) throw new ChasquiError('NOT_FOUND', `mailbox ${mailboxId} not found`);
      uids.set(mailboxId, next.uid);
    }
    const changes = mailboxIds.map((mailboxId) => ({
      type: 'email' as const,
      objectId: row.id,
      op: 'created' as const,
      mailboxId,
      uid: uids.get(mailboxId) ?? 0,
    }));
    const modseqs = await logChanges(tx, message.accountId, changes, now);
    const modseq = modseqs[modseqs.length - 1] ?? 0;
    await tx.run('UPDATE messages SET thread_id = ?, modseq = ? WHERE id = ?', [threadId, modseq, row.id]);
    for (const [mailboxId, uid] of uids) {
      await tx.run(
        'INSERT INTO mailbox_messages (mailbox_id, uid, message_id, flags, keywords, modseq) VALUES (?, ?, ?, ?, ?, ?)',
        [mailboxId, uid, row.id, message.flags, keywords, modseq],
      );
    }
    await tx.run(
      'UPDATE accounts SET used_bytes = used_bytes + ?, message_count = message_count + 1 WHERE id = ?',
      [message.raw.byteLength, message.accountId],
    );
    await indexText(tx, message.accountId, row.id, message.searchText);
    return { messageId: row.id, threadId, blobId: pending.hash, modseq, uids };
  }
}

function settle(pending: Pending, outcome: AppendResult | Error | undefined): void {
  if (outcome === undefined) pending.reject(new ChasquiError('INTERNAL', 'append outcome missing'));
  else if (outcome instanceof Error) pending.reject(outcome);
  else pending.resolve(outcome);
}
