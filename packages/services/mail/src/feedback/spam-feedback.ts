// The spam-training feed: when a user marks messages $junk or $notjunk (IMAP STORE, JMAP
// Email/set, any path through MessageOperations.setFlags), one row per account and message
// content records the verdict (the latest wins) and keeps the raw message readable for the
// trainer, even after the user deletes it, until the row is purged.
import { ChasquiError, type Clock, type Logger } from '@chasqui/core';
import type { FlagChange, MailboxEntry, SpamFeedbackCursor, SpamVerdict, Store } from '@chasqui/store';
import { bitOfVerdict, verdictOfChange } from './verdict.js';

/** A flag change about to be applied; see SpamFeedback.observe. */
export interface PendingFlagChange {
  /** The account whose user gives the verdict. */
  readonly actorId: number;
  /** The account that owns the messages (the actor's, or a sharer's). */
  readonly ownerId: number;
  readonly messageIds: readonly number[];
  readonly change: FlagChange;
}

/** Called with the entries the change actually changed, once it has committed. */
export type AfterFlagChange = (changed: readonly MailboxEntry[]) => Promise<void>;

/** The hook MessageOperations calls before each flag change (null: nothing to train). */
export type FlagChangeObserver = (pending: PendingFlagChange) => Promise<AfterFlagChange | null>;

export interface SpamFeedbackItem {
  readonly accountId: number;
  readonly blobId: string;
  readonly verdict: SpamVerdict;
  readonly at: number;
  /** The raw RFC 5322 message. */
  readonly raw: Buffer;
  /** Pass as `after` to read the next page. */
  readonly cursor: SpamFeedbackCursor;
}

export class SpamFeedback {
  constructor(
    private readonly deps: { readonly store: Store; readonly clock: Clock; readonly logger: Logger },
  ) {}

  /**
   * Before a flag change: when it sets $junk or $notjunk, notes the messages' contents (and,
   * for a replace, only those not already carrying that keyword, so that re-sending the whole
   * keyword set after reading a message is not a new verdict). Never throws.
   */
  readonly observe: FlagChangeObserver = async (pending) => {
    const found = verdictOfChange(pending.change);
    if (found === null || pending.messageIds.length === 0) return null;
    const bit = bitOfVerdict(found.verdict);
    try {
      const messages = await this.deps.store.messages.getMany(pending.ownerId, pending.messageIds);
      const blobOf = new Map(
        messages
          .filter((message) => !found.isReplace || (message.flags & bit) === 0)
          .map((message) => [message.id, message.blobId]),
      );
      if (blobOf.size === 0) return null;
      return (changed) => this.recordChanged(pending.actorId, found.verdict, blobOf, changed);
    } catch (error) {
      this.deps.logger.error({ err: error, accountId: pending.actorId }, 'feedback.observe_failed');
      return null;
    }
  };

  private async recordChanged(
    accountId: number,
    verdict: SpamVerdict,
    blobOf: ReadonlyMap<number, string>,
    changed: readonly MailboxEntry[],
  ): Promise<void> {
    const blobIds = changed.flatMap((entry) => blobOf.get(entry.messageId) ?? []);
    try {
      await this.record(accountId, blobIds, verdict);
    } catch (error) {
      this.deps.logger.error({ err: error, accountId }, 'feedback.record_failed');
    }
  }

  /** Records a verdict on message contents (blob ids) for an account; returns rows written. */
  record(accountId: number, blobIds: readonly string[], verdict: SpamVerdict): Promise<number> {
    return this.deps.store.spamFeedback.record(accountId, blobIds, verdict, this.deps.clock.now());
  }

  /**
   * Verdicts given at or after `since`, oldest first, with their raw messages; page on with
   * the last item's cursor as `after`.
   */
  async listSince(
    since: number,
    options: { readonly limit?: number; readonly after?: SpamFeedbackCursor } = {},
  ): Promise<SpamFeedbackItem[]> {
    const after = options.after ?? { at: since, accountId: -1, blobId: '' };
    const rows = await this.deps.store.spamFeedback.list(after, options.limit ?? 100);
    const items: SpamFeedbackItem[] = [];
    for (const row of rows) {
      const raw = await this.deps.store.blobs.get(row.blobId);
      if (!raw) throw new ChasquiError('INTERNAL', `feedback blob ${row.blobId} is missing`);
      const cursor = { at: row.at, accountId: row.accountId, blobId: row.blobId };
      items.push({ ...row, raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), cursor });
    }
    return items;
  }

  /** Forgets verdicts older than `time`, releasing their messages; returns how many. */
  purgeBefore(time: number): Promise<number> {
    return this.deps.store.spamFeedback.purgeBefore(time);
  }
}
