// FETCH summaries (ENVELOPE, BODYSTRUCTURE, header size) of many messages in one store read.
// Content stored before summaries existed (or with an older summary version) is parsed here
// once, and its summary written back in one transaction per batch, so later reads skip it.
import { ChasquiError } from '@chasqui/core';
import type { MessageSummaryRow, Store } from '@chasqui/store';
import type { MailboxAccess, MailboxTarget } from '../acl/mailbox-access.js';
import {
  decodeSummary,
  encodeSummary,
  summarizeMessage,
  type MessageSummary,
} from '../mime/message-summary.js';
import { readScope } from './read-scope.js';

/** Contents parsed per blob read while filling in missing summaries (bounds memory). */
const backfillGroup = 64;

export class MessageSummaries {
  constructor(
    private readonly store: Store,
    private readonly access: MailboxAccess,
  ) {}

  /**
   * Message id → summary for the actor's own messages, or with `mailboxId` those in that
   * mailbox (needs "r" on another account's). Unknown ids are left out.
   */
  async get(
    actorId: number,
    messageIds: readonly number[],
    mailbox?: MailboxTarget,
  ): Promise<Map<number, MessageSummary>> {
    const { accountId, onlyIn } = await readScope(this.access, actorId, mailbox);
    const rows = await this.store.messages.getSummaries(accountId, messageIds, onlyIn);
    const found = new Map<number, MessageSummary>();
    const missing: MessageSummaryRow[] = [];
    for (const row of rows) {
      const summary = decodeSummary(row.summary);
      if (summary === null) missing.push(row);
      else found.set(row.messageId, summary);
    }
    for (let start = 0; start < missing.length; start += backfillGroup) {
      await this.backfill(missing.slice(start, start + backfillGroup), found);
    }
    return found;
  }

  /** Computes, returns and stores the summaries of contents that have none. */
  private async backfill(
    rows: readonly MessageSummaryRow[],
    found: Map<number, MessageSummary>,
  ): Promise<void> {
    const raws = await this.store.blobs.getMany(rows.map((row) => row.blobId));
    const computed = new Map<string, MessageSummary>();
    for (const row of rows) {
      let summary = computed.get(row.blobId);
      if (summary === undefined) {
        const raw = raws.get(row.blobId);
        if (!raw) throw new ChasquiError('INTERNAL', `blob ${row.blobId} is missing`);
        summary = summarizeMessage(raw);
        computed.set(row.blobId, summary);
      }
      found.set(row.messageId, summary);
    }
    await this.store.messages.saveSummaries(
      [...computed].map(([blobId, summary]) => ({ blobId, summary: encodeSummary(summary) })),
    );
  }
}
