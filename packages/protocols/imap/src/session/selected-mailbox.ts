// The selected mailbox as this session sees it (RFC 9051 §2.3.1.2, §7.5): UIDs in message
// sequence order with cached flags, updated from the change log. Expunges are held back while
// a command that uses sequence numbers runs, so numbers never shift under the client.
// The listing is the store's cached one, shared and copied only when this view first differs
// from it; the change log is read only when a change was announced or the mailbox's modseq moved.
import type { MailService, MailboxGrant, MailboxTarget } from '@chasqui/mail';
import type { Mailbox, MailboxEntry, MailboxListing } from '@chasqui/mail';
import type { SequenceSet } from '../proto/index.js';
import type { MailboxRef } from '../shared/mailbox-ref.js';
import { sharedChangesSince } from './shared-changes.js';

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
  /** The entries in sequence order (entries[msn - 1]), shared with the store until changed. */
  private entries: readonly MailboxEntry[];
  private isEntriesOwn = false;
  /** The UIDs of `entries`, built when first asked for. */
  private uidList: number[] | null = null;
  /** UIDs known to be gone, not yet announced. */
  private readonly pendingVanished = new Set<number>();
  /** Set by noteChange(): the notifier announced a change since the change log was last read. */
  private hasNotice = false;
  /** The HIGHESTMODSEQ this view reflects: the change log is read from here. */
  private modseq: number;
  /** UIDs of the last SEARCH ... SAVE (RFC 5182). */
  savedResult: readonly number[] = [];

  readonly mailbox: Mailbox;
  /** The name shown to the client (another account's mailbox is under "Otros usuarios/"). */
  readonly path: string;
  /** The session account's RFC 4314 rights, as of SELECT. */
  readonly rights: string;
  /** The owner's grant, kept for reads (an owner's rights never change); null on a shared mailbox. */
  private readonly ownGrant: MailboxGrant | null;

  private constructor(
    /** The session's account: whose view (per-user \Seen) and rights apply. */
    readonly actorId: number,
    ref: MailboxRef,
    readonly isReadOnly: boolean,
    grant: MailboxGrant,
    listing: MailboxListing,
  ) {
    this.mailbox = ref.mailbox;
    this.path = ref.path;
    this.rights = ref.rights;
    this.entries = listing.entries;
    this.modseq = listing.highestModseq;
    this.ownGrant = grant.isOwner ? grant : null;
  }

  /** Reads the mailbox's listing as `actorId` sees it (the rights in `ref` were just looked up). */
  static async open(
    mail: MailService,
    actorId: number,
    ref: MailboxRef,
    isReadOnly: boolean,
  ): Promise<SelectedMailbox> {
    const grant = { mailbox: ref.mailbox, rights: ref.rights, isOwner: ref.mailbox.accountId === actorId };
    const listing = await mail.messages.listing(actorId, grant);
    return new SelectedMailbox(actorId, ref, isReadOnly, grant, listing);
  }

  get count(): number {
    return this.entries.length;
  }

  get highestModseq(): number {
    return this.modseq;
  }

  get uidNext(): number {
    return Math.max(this.mailbox.uidNext, (this.entries.at(-1)?.uid ?? 0) + 1);
  }

  /**
   * How reads name this mailbox: the owner's grant while no change was announced (no rights
   * lookup), else its id, so that a deleted mailbox or revoked rights are found by the read.
   */
  get readTarget(): MailboxTarget {
    return this.ownGrant !== null && !this.hasNotice ? this.ownGrant : this.mailbox.id;
  }

  /** The notifier announced a change to this mailbox: the next refresh reads the change log. */
  noteChange(): void {
    this.hasNotice = true;
  }

  /** The store's shared listing while this view is still the same as it, else null. */
  get sharedListing(): readonly MailboxEntry[] | null {
    return this.isEntriesOwn ? null : this.entries;
  }

  allUids(): readonly number[] {
    this.uidList ??= this.entries.map((entry) => entry.uid);
    return this.uidList;
  }

  /** The messages a sequence set names, by sequence number or (isUid) by UID, in order. */
  resolve(set: SequenceSet, isUid: boolean): ViewMessage[] {
    if (set.isSearchResult) return this.byUids(this.savedResult);
    if (isUid) return this.byUids(set.select(this.allUids(), this.entries.at(-1)?.uid ?? 0));
    const out: ViewMessage[] = [];
    for (const [low, high] of set.ranges(this.entries.length)) {
      for (let msn = low; msn <= Math.min(high, this.entries.length); msn++) {
        const message = this.at(msn);
        if (message) out.push(message);
      }
    }
    return out;
  }

  /** True when a sequence-number set names a message beyond the count (RFC 9051 §6.4.5: BAD). */
  isOutOfRange(set: SequenceSet): boolean {
    if (set.isSearchResult) return false;
    const ranges = set.ranges(this.entries.length);
    return ranges.some(([, high]) => high > this.entries.length);
  }

  at(msn: number): ViewMessage | null {
    const entry = this.entries[msn - 1];
    return entry === undefined ? null : { msn, uid: entry.uid, entry };
  }

  byUids(uids: readonly number[]): ViewMessage[] {
    const out: ViewMessage[] = [];
    let next = 0;
    for (const uid of uids) {
      // Ascending UIDs (the usual case) are found by walking on, others by binary search.
      const msn = this.entries[next]?.uid === uid ? next + 1 : this.msnOf(uid);
      if (msn !== null) next = msn;
      const entry = msn === null ? undefined : this.entries[msn - 1];
      if (msn !== null && entry) out.push({ msn, uid, entry });
    }
    return out;
  }

  msnOf(uid: number): number | null {
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.entries[mid]?.uid ?? 0;
      if (value === uid) return mid + 1;
      if (value < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /** The entries, copied from the store's shared listing before this view first changes them. */
  private ownEntries(): MailboxEntry[] {
    if (!this.isEntriesOwn) {
      this.entries = this.entries.slice();
      this.isEntriesOwn = true;
    }
    this.uidList = null;
    return this.entries as MailboxEntry[];
  }

  /** Records flag changes made by this session (already announced by its own response). */
  updateEntries(entries: readonly MailboxEntry[]): void {
    // Entries of other mailboxes (a message in several) share the message id, not the UID.
    for (const entry of entries) {
      const msn = this.msnOf(entry.uid);
      if (msn !== null && this.entries[msn - 1]?.messageId === entry.messageId) {
        this.ownEntries()[msn - 1] = entry;
      }
    }
  }

  /** Removes UIDs this session expunged itself; returns their sequence numbers as announced. */
  removeUids(uids: readonly number[]): { msn: number; uid: number }[] {
    const removed: { msn: number; uid: number }[] = [];
    for (const uid of [...uids].sort((a, b) => b - a)) {
      const msn = this.msnOf(uid);
      if (msn === null) continue;
      removed.push({ msn, uid });
      this.ownEntries().splice(msn - 1, 1);
      this.pendingVanished.delete(uid);
    }
    return removed;
  }

  /**
   * Reads changes since the last refresh. With `allowExpunge` false, removals are remembered and
   * announced at a later refresh that allows them.
   */
  async refresh(mail: MailService, allowExpunge: boolean): Promise<ViewUpdate> {
    const { added, changedUids } = (await this.hasChanged(mail))
      ? await this.readChanges(mail)
      : { added: false, changedUids: [] };
    // Announced in this order: EXPUNGE (numbers as they stand), EXISTS, then FETCH.
    const expunged =
      allowExpunge && this.pendingVanished.size > 0 ? this.removeUids([...this.pendingVanished]) : [];
    const changed = changedUids.length > 0 ? this.byUids(changedUids) : [];
    return { expunged, exists: added ? this.entries.length : null, changed };
  }

  /**
   * True when the change log must be read: a change was announced, or (for writers that do not
   * notify this process) the mailbox's HIGHESTMODSEQ moved, or the mailbox is gone.
   */
  private async hasChanged(mail: MailService): Promise<boolean> {
    if (this.hasNotice) return true;
    const current = await mail.messages.modseqOf(this.mailbox.id);
    return current === null || current > this.modseq;
  }

  private async readChanges(mail: MailService): Promise<{ added: boolean; changedUids: number[] }> {
    // Cleared first: a change announced while the log is read is read again next time. Kept
    // when the read fails (mailbox deleted, rights revoked), so that reads check again too.
    this.hasNotice = false;
    let changes;
    try {
      changes = await sharedChangesSince(mail, this.actorId, this.mailbox.id, this.modseq);
    } catch (error) {
      this.hasNotice = true;
      throw error;
    }
    this.modseq = Math.max(this.modseq, changes.highestModseq);
    for (const uid of changes.vanished) if (this.msnOf(uid) !== null) this.pendingVanished.add(uid);
    if (!changes.isExact) await this.findVanished(mail);
    const changedUids: number[] = [];
    let added = false;
    for (const entry of changes.changed) {
      const msn = this.msnOf(entry.uid);
      const known = msn === null ? undefined : this.entries[msn - 1];
      if (msn === null || known === undefined) {
        if (entry.uid <= (this.entries.at(-1)?.uid ?? 0)) continue;
        this.ownEntries().push(entry);
        added = true;
        continue;
      }
      this.ownEntries()[msn - 1] = entry;
      if (!sameFlags(known, entry)) changedUids.push(entry.uid);
    }
    return { added, changedUids };
  }

  /** The change log was trimmed past our modseq: compare with a full listing instead. */
  private async findVanished(mail: MailService): Promise<void> {
    const entries = await mail.messages.list(this.actorId, this.mailbox.id);
    const present = new Set(entries.map((entry) => entry.uid));
    for (const entry of this.entries) if (!present.has(entry.uid)) this.pendingVanished.add(entry.uid);
  }
}

function sameFlags(a: MailboxEntry, b: MailboxEntry): boolean {
  return a.flags === b.flags && a.keywords.join(' ') === b.keywords.join(' ');
}
