// Messages (RFC 9051 §2.3, RFC 8621 §4): reads, flag changes with CONDSTORE, copy, move,
// expunge and destroy. Appends go through the group-committing AppendBatcher.
import { ChasquiError, keywordBits, type Clock } from '@chasqui/core';
import type {
  AppendResult,
  ChangeLogRepository,
  FlagChange,
  MailboxEntry,
  MailboxListing,
  MessageRepository,
  MessageSummaryRow,
  NewMessage,
  StoredMessage,
} from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor } from '../sql/driver.js';
import type { AppendBatcher } from './append-batcher.js';
import { logChanges } from './change-log.js';
import { searchIndexedText } from './full-text.js';
import { destroyMessageRows, removeMemberships } from './message-removal.js';
import { decodeKeywords, encodeKeywords, toEntry, type EntryRow, type MessageRow } from './message-rows.js';
import { readMessages, readSizes, readSummaries, writeSummaries } from './message-reads.js';
import { addMessagesToMailbox, copyMessages, moveMessages } from './message-transfer.js';
import { MailboxIndexCache } from './mailbox-index-cache.js';
import { loadPackedListing } from './packed-listing.js';

/** The flags and keywords a change produces from the current ones. */
export function applyFlagChange(
  flags: number,
  keywords: readonly string[],
  change: FlagChange,
): [number, string[]] {
  if (change.set) return [change.set.flags, [...change.set.keywords]];
  const next = new Set(keywords);
  let bits = flags;
  bits |= change.add?.flags ?? 0;
  bits &= ~(change.remove?.flags ?? 0);
  for (const keyword of change.add?.keywords ?? []) next.add(keyword);
  for (const keyword of change.remove?.keywords ?? []) next.delete(keyword);
  return [bits, [...next].filter((keyword) => !(keyword in keywordBits))];
}

export class SqlMessageRepository implements MessageRepository {
  private readonly index: MailboxIndexCache;

  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
    private readonly batcher: AppendBatcher,
    changes: ChangeLogRepository,
  ) {
    this.index = new MailboxIndexCache({
      db,
      changes,
      loadAll: (mailboxId) => this.loadMailbox(mailboxId),
      loadChanged: (mailboxId, modseq) => this.listChangedSince(mailboxId, modseq),
    });
  }

  append(message: NewMessage): Promise<AppendResult> {
    return this.batcher.append(message);
  }

  appendAll(messages: readonly NewMessage[]): Promise<(AppendResult | Error)[]> {
    return this.batcher.appendAll(messages);
  }

  async getById(accountId: number, messageId: number): Promise<StoredMessage | null> {
    const [message] = await this.getMany(accountId, [messageId]);
    return message ?? null;
  }

  getMany(accountId: number, messageIds: readonly number[]): Promise<StoredMessage[]> {
    return readMessages(this.db, accountId, messageIds);
  }

  getSizes(
    accountId: number,
    messageIds: readonly number[],
    mailboxId?: number,
  ): Promise<Map<number, number>> {
    return readSizes(this.db, accountId, messageIds, mailboxId);
  }

  getSummaries(
    accountId: number,
    messageIds: readonly number[],
    mailboxId?: number,
  ): Promise<MessageSummaryRow[]> {
    return readSummaries(this.db, accountId, messageIds, mailboxId);
  }

  async saveSummaries(summaries: readonly { blobId: string; summary: string }[]): Promise<void> {
    if (summaries.length === 0) return;
    await this.db.transaction((tx) => writeSummaries(tx, summaries));
  }

  async listMailbox(mailboxId: number): Promise<readonly MailboxEntry[]> {
    return (await this.index.list(mailboxId)).entries;
  }

  readListing(mailboxId: number): Promise<MailboxListing> {
    return this.index.list(mailboxId);
  }

  private loadMailbox(mailboxId: number): Promise<MailboxEntry[]> {
    return loadPackedListing(this.db, mailboxId);
  }

  async listChangedSince(mailboxId: number, modseq: number): Promise<MailboxEntry[]> {
    const rows = await this.db.all<EntryRow>(
      `SELECT uid, message_id, flags, keywords, modseq FROM mailbox_messages
       WHERE mailbox_id = ? AND modseq > ? ORDER BY uid`,
      [mailboxId, modseq],
    );
    return rows.map(toEntry);
  }

  setFlags(
    accountId: number,
    messageIds: readonly number[],
    change: FlagChange,
  ): Promise<{ changed: MailboxEntry[]; skipped: number[] }> {
    return this.db.transaction(async (tx) => {
      const changed: MailboxEntry[] = [];
      const skipped: number[] = [];
      const now = this.clock.now();
      for (const id of new Set(messageIds)) {
        const row = await tx.get<MessageRow>('SELECT * FROM messages WHERE id = ? AND account_id = ?', [
          id,
          accountId,
        ]);
        if (!row) continue;
        if (change.unchangedSince !== undefined && row.modseq > change.unchangedSince) {
          skipped.push(id);
          continue;
        }
        const [flags, keywords] = applyFlagChange(row.flags, decodeKeywords(row.keywords), change);
        const encoded = encodeKeywords(keywords);
        if (flags === row.flags && encoded === row.keywords) continue;
        changed.push(...(await this.writeFlags(tx, accountId, id, flags, encoded, now)));
      }
      return { changed, skipped };
    });
  }

  private async writeFlags(
    tx: SqlExecutor,
    accountId: number,
    messageId: number,
    flags: number,
    keywords: string,
    now: number,
  ): Promise<MailboxEntry[]> {
    const memberships = await tx.all<{ mailbox_id: number; uid: number }>(
      'SELECT mailbox_id, uid FROM mailbox_messages WHERE message_id = ?',
      [messageId],
    );
    const changes = memberships.map((m) => ({
      type: 'email' as const,
      objectId: messageId,
      op: 'updated' as const,
      mailboxId: m.mailbox_id,
      uid: m.uid,
    }));
    const modseqs = await logChanges(tx, accountId, changes, now);
    const modseq = modseqs[modseqs.length - 1] ?? 0;
    await tx.run('UPDATE messages SET flags = ?, keywords = ?, modseq = ? WHERE id = ?', [
      flags,
      keywords,
      modseq,
      messageId,
    ]);
    await tx.run('UPDATE mailbox_messages SET flags = ?, keywords = ?, modseq = ? WHERE message_id = ?', [
      flags,
      keywords,
      modseq,
      messageId,
    ]);
    return memberships.map((m) => ({
      uid: m.uid,
      messageId,
      flags,
      keywords: decodeKeywords(keywords),
      modseq,
    }));
  }

  copy(accountId: number, messageIds: readonly number[], toMailboxId: number): Promise<Map<number, number>> {
    return this.db.transaction((tx) =>
      copyMessages(tx, { accountId, messageIds, toMailboxId, now: this.clock.now() }),
    );
  }

  move(
    accountId: number,
    messageIds: readonly number[],
    fromMailboxId: number,
    toMailboxId: number,
  ): Promise<Map<number, number>> {
    return this.db.transaction((tx) =>
      moveMessages(tx, { accountId, messageIds, fromMailboxId, toMailboxId, now: this.clock.now() }),
    );
  }

  addToMailbox(
    accountId: number,
    messageIds: readonly number[],
    toMailboxId: number,
  ): Promise<Map<number, number>> {
    return this.db.transaction((tx) =>
      addMessagesToMailbox(tx, { accountId, messageIds, toMailboxId, now: this.clock.now() }),
    );
  }

  expunge(mailboxId: number, uids: readonly number[]): Promise<number[]> {
    return this.db.transaction(async (tx) => {
      const mailbox = await tx.get<{ account_id: number }>('SELECT account_id FROM mailboxes WHERE id = ?', [
        mailboxId,
      ]);
      if (!mailbox) throw new ChasquiError('NOT_FOUND', `mailbox ${mailboxId} not found`);
      const memberships = [];
      for (const uid of new Set(uids)) {
        const row = await tx.get<{ message_id: number }>(
          'SELECT message_id FROM mailbox_messages WHERE mailbox_id = ? AND uid = ?',
          [mailboxId, uid],
        );
        if (row) memberships.push({ mailboxId, uid, messageId: row.message_id });
      }
      await removeMemberships(tx, mailbox.account_id, memberships, this.clock.now());
      return memberships.map((m) => m.uid).sort((a, b) => a - b);
    });
  }

  destroy(accountId: number, messageIds: readonly number[]): Promise<void> {
    return this.db.transaction(async (tx) => {
      const memberships = [];
      for (const messageId of new Set(messageIds)) {
        const rows = await tx.all<{ mailbox_id: number; uid: number }>(
          'SELECT mm.mailbox_id, mm.uid FROM mailbox_messages mm JOIN messages m ON m.id = mm.message_id WHERE m.id = ? AND m.account_id = ?',
          [messageId, accountId],
        );
        memberships.push(...rows.map((r) => ({ mailboxId: r.mailbox_id, uid: r.uid, messageId })));
      }
      await removeMemberships(tx, accountId, memberships, this.clock.now());
      await destroyMessageRows(tx, accountId, messageIds);
    });
  }

  async findByMessageIdHeaders(
    accountId: number,
    headers: readonly string[],
  ): Promise<{ id: number; threadId: number }[]> {
    const found: { id: number; threadId: number }[] = [];
    for (const header of new Set(headers)) {
      const rows = await this.db.all<{ id: number; thread_id: number }>(
        'SELECT id, thread_id FROM messages WHERE account_id = ? AND message_id_header = ?',
        [accountId, header],
      );
      found.push(...rows.map((row) => ({ id: row.id, threadId: row.thread_id })));
    }
    return found;
  }

  searchText(accountId: number, normalisedQuery: string, mailboxId?: number): Promise<number[]> {
    return searchIndexedText(this.db, accountId, normalisedQuery, mailboxId);
  }
}
