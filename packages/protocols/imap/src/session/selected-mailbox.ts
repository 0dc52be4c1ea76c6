// The selected mailbox as this session sees it (RFC 9051 §2.3.1.2, §7.5): UIDs in message
// sequence order with cached flags, updated from the change log. Expunges are held back while
// a command that uses sequence numbers runs, so numbers never shift under the client.
import type { MailService } from '@chasqui/mail';
import type { Mailbox, MailboxEntry } from '@chasqui/mail';
import type { SequenceSet } from '../proto/index.js';
import type { MailboxRef } from '../shared/mailbox-ref.js';

/** A message of the view: its sequence number, UID and cached state. */
export interface ViewMessage {
  readonly msn: number;
  readonly uid: number;
  readonly entry: MailboxEntry;
}

/** What a refresh found, for the session to announce. */
export interface ViewUpdate {
  /** Sequence numbers removed, each valid at the time it is announced, with their UIDs. */
  readonly expunged: readonly { msn: number; uid: number }[];
  /** The new message count when messages were added, else null. */
  readonly exists: number | null;
  /** Messages already in the view whose flags changed. */
  readonly changed: readonly ViewMessage[];
}

export class SelectedMailbox {
  private readonly uids: number[];
  /** The entries in sequence order: entries[msn - 1] is the entry of uids[msn - 1]. */
  private readonly entries: MailboxEntry[];
  /** UIDs known to be gone, not yet announced. */
  private readonly pendingVanished = new Set<number>();
  /** UIDs of the last SEARCH ... SAVE (RFC 5182). */
  savedResult: readonly number[] = [];

  readonly mailbox: Mailbox;
  /** The name shown to the client (another account's mailbox is under "Otros usuarios/"). */
  readonly path: string;
  /** The session account's RFC 4314 rights, as of SELECT. */
  readonly rights: string;

  private constructor(
    /** The session's account: whose view (per-user \Seen) and rights apply. */
    readonly actorId: number,
    ref: MailboxRef,
    readonly isReadOnly: boolean,
    entries: readonly MailboxEntry[],
    private modseq: number,
  ) {
    this.mailbox = ref.mailbox;
    this.path = ref.path;
    this.rights = ref.rights;
    this.entries = entries.slice();
    this.uids = entries.map((entry) => entry.uid);
  }

  /** Reads the mailbox's listing as `actorId` sees it. */
  static async open(
    mail: MailService,
    actorId: number,
    ref: MailboxRef,
    isReadOnly: boolean,
  ): Promise<SelectedMailbox> {
    const entries = await mail.messages.list(actorId, ref.mailbox.id);
    return new SelectedMailbox(actorId, ref, isReadOnly, entries, ref.mailbox.highestModseq);
  }

  get count(): number {
    return this.uids.length;
  }

  get highestModseq(): number {
    let highest = this.modseq;
    for (const entry of this.entries) if (entry.modseq > highest) highest = entry.modseq;
    return highest;
  }

  get uidNext(): number {
    return Math.max(this.mailbox.uidNext, (this.uids.at(-1) ?? 0) + 1);
  }

  allUids(): readonly number[] {
    return this.uids;
  }

  /** The messages a sequence set names, by sequence number or (isUid) by UID, in order. */
  resolve(set: SequenceSet, isUid: boolean): ViewMessage[] {
    if (set.isSearchResult) return this.byUids(this.savedResult);
    if (isUid) return this.byUids(set.select(this.uids, this.uids.at(-1) ?? 0));
    const out: ViewMessage[] = [];
    for (const [low, high] of set.ranges(this.uids.length)) {
      for (let msn = low; msn <= Math.min(high, this.uids.length); msn++) {
        const message = this.at(msn);
        if (message) out.push(message);
      }
    }
    return out;
  }

  /** True when a sequence-number set names a message beyond the count (RFC 9051 §6.4.5: BAD). */
  isOutOfRange(set: SequenceSet): boolean {
    if (set.isSearchResult) return false;
    const ranges = set.ranges(this.uids.length);
    return ranges.some(([, high]) => high > this.uids.length);
  }

  at(msn: number): ViewMessage | null {
    const uid = this.uids[msn - 1];
    const entry = this.entries[msn - 1];
    return uid === undefined || entry === undefined ? null : { msn, uid, entry };
  }

  byUids(uids: readonly number[]): ViewMessage[] {
    const out: ViewMessage[] = [];
    let next = 0;
    for (const uid of uids) {
      // Ascending UIDs (the usual case) are found by walking on, others by binary search.
      const msn = this.uids[next] === uid ? next + 1 : this.msnOf(uid);
      if (msn !== null) next = msn;
      const entry = msn === null ? undefined : this.entries[msn - 1];
      if (msn !== null && entry) out.push({ msn, uid, entry });
    }
    return out;
  }

  msnOf(uid: number): number | null {
    let lo = 0;
    let hi = this.uids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.uids[mid] ?? 0;
      if (value === uid) return mid + 1;
      if (value < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /** Records flag changes made by this session (already announced by its own response). */
  updateEntries(entries: readonly MailboxEntry[]): void {
    // Entries of other mailboxes (a message in several) share the message id, not the UID.
    for (const entry of entries) {
      const msn = this.msnOf(entry.uid);
      if (msn !== null && this.entries[msn - 1]?.messageId === entry.messageId) this.entries[msn - 1] = entry;
    }
  }

  /** Removes UIDs this session expunged itself; returns their sequence numbers as announced. */
  removeUids(uids: readonly number[]): { msn: number; uid: number }[] {
    const removed: { msn: number; uid: number }[] = [];
    for (const uid of [...uids].sort((a, b) => b - a)) {
      const msn = this.msnOf(uid);
      if (msn === null) continue;
      removed.push({ msn, uid });
      this.uids.splice(msn - 1, 1);
      this.entries.splice(msn - 1, 1);
      this.pendingVanished.delete(uid);
    }
    return removed;
  }

  /**
   * Reads changes since the last refresh. With `allowExpunge` false, removals are remembered and
   * announced at a later refresh that allows them.
   */
  async refresh(mail: MailService, allowExpunge: boolean): Promise<ViewUpdate> {
    const changes = await mail.messages.changesSince(this.actorId, this.mailbox.id, this.modseq);
    this.modseq = Math.max(this.modseq, changes.highestModseq);
    for (const uid of changes.vanished) if (this.msnOf(uid) !== null) this.pendingVanished.add(uid);
    if (!changes.isExact) await this.findVanished(mail);
    const changedUids: number[] = [];
    let added = false;
    for (const entry of changes.changed) {
      const msn = this.msnOf(entry.uid);
      const known = msn === null ? undefined : this.entries[msn - 1];
      if (msn === null || known === undefined) {
        if (entry.uid <= (this.uids.at(-1) ?? 0)) continue;
        this.uids.push(entry.uid);
        this.entries.push(entry);
        added = true;
        continue;
      }
      this.entries[msn - 1] = entry;
      if (!sameFlags(known, entry)) changedUids.push(entry.uid);
    }
    // Announced in this order: EXPUNGE (numbers as they stand), EXISTS, then FETCH.
    const expunged = allowExpunge ? this.removeUids([...this.pendingVanished]) : [];
    const changed = this.byUids(changedUids);
    return { expunged, exists: added ? this.uids.length : null, changed };
  }

  /** The change log was trimmed past our modseq: compare with a full listing instead. */
  private async findVanished(mail: MailService): Promise<void> {
    const entries = await mail.messages.list(this.actorId, this.mailbox.id);
    const present = new Set(entries.map((entry) => entry.uid));
    for (const uid of this.uids) if (!present.has(uid)) this.pendingVanished.add(uid);
  }
}

function sameFlags(a: MailboxEntry, b: MailboxEntry): boolean {
  return a.flags === b.flags && a.keywords.join(' ') === b.keywords.join(' ');
}
