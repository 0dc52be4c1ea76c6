// A per-account, in-memory copy of every message's metadata for JMAP Email/query, Thread/get
// and blob ownership (RFC 8621 §4.4, §3). Built once per account from set-based store reads;
// on SQLite, whose reads are synchronous, page by page with a turn of the event loop between
// pages (a 100,000-message account must not hold other requests, nor the SQL answer of its own
// first query). Then kept exact by reading
// the change log since the copy's modseq: a query costs no SQL when nothing changed, and only
// the changed messages otherwise. Past the change-log horizon the copy is rebuilt.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Store, StoredMessage } from '@chasqui/store';

/** The metadata of one account's messages, keyed by message id. */
export interface AccountEmails {
  /** The account modseq the copy is exact at. */
  readonly modseq: number;
  readonly byId: ReadonlyMap<number, StoredMessage>;
  /** Thread id → message ids, in no particular order. */
  readonly byThread: ReadonlyMap<number, readonly number[]>;
}

interface MutableIndex {
  modseq: number;
  byId: Map<number, StoredMessage>;
  byThread: Map<number, number[]>;
}

const batchSize = 500;
/** Messages read per page while building: ~10 ms of work each (2,000 held the loop 100+ ms). */
const pageSize = 500;

export class EmailIndex {
  private readonly accounts = new Map<number, MutableIndex>();
  private readonly pending = new Map<number, Promise<MutableIndex>>();
  /** Message id → thread id of messages seen destroyed (Thread/changes of vanished mail). */
  private readonly destroyedThreads = new Map<number, number>();

  constructor(private readonly store: Store) {}

  /** The account's messages, exact as of the latest change-log entry. */
  async load(accountId: number): Promise<AccountEmails> {
    let running = this.pending.get(accountId);
    if (!running) {
      running = this.refresh(accountId).finally(() => this.pending.delete(accountId));
      this.pending.set(accountId, running);
    }
    const index = await running;
    return { modseq: index.modseq, byId: index.byId, byThread: index.byThread };
  }

  /** True once the account's copy exists (later loads only apply changes). */
  isReady(accountId: number): boolean {
    return this.accounts.has(accountId);
  }

  /** Starts building the account's copy in the background (login, first query). */
  warm(accountId: number): void {
    if (!this.isReady(accountId)) void this.load(accountId).catch(() => undefined);
  }

  /**
   * Some of the account's emails by id: from the copy when it is built, otherwise straight from
   * the store (no need to wait for the build to show 50 messages).
   */
  async lookup(accountId: number, ids: readonly number[]): Promise<Pick<AccountEmails, 'modseq' | 'byId'>> {
    if (this.isReady(accountId)) return this.load(accountId);
    const modseq = await this.store.changes.highestModseq(accountId);
    const byId = new Map<number, StoredMessage>();
    for (let at = 0; at < ids.length; at += batchSize) {
      const batch = await this.store.messages.getMany(accountId, ids.slice(at, at + batchSize));
      for (const message of batch) if (message.uids.size > 0) byId.set(message.id, message);
    }
    return { modseq, byId };
  }

  /** The thread a destroyed message belonged to, if this process saw it go. */
  threadOfDestroyed(messageId: number): number | undefined {
    return this.destroyedThreads.get(messageId);
  }

  private async refresh(accountId: number): Promise<MutableIndex> {
    const highest = await this.store.changes.highestModseq(accountId);
    const current = this.accounts.get(accountId);
    if (current?.modseq === highest) return current;
    if (current && (await this.store.changes.horizon(accountId)) <= current.modseq) {
      await this.applyChanges(accountId, current, highest);
      return current;
    }
    const built = await this.build(accountId, highest);
    this.accounts.set(accountId, built);
    return built;
  }

  private async build(accountId: number, modseq: number): Promise<MutableIndex> {
    const index: MutableIndex = { modseq, byId: new Map(), byThread: new Map() };
    // Pages may already show changes past `modseq`: applyChanges reads them again later.
    if (this.store.backend === 'postgres') {
      // Reads there are asynchronous (the loop runs meanwhile): one set-based read is cheapest.
      for (const message of await this.store.jmapEmails.listAccount(accountId)) put(index, message);
      return index;
    }
    // SQLite reads block the loop: pages, in received order so the default sort meets sorted runs.
    let page = await this.store.jmapEmails.listAccountPage(accountId, null, pageSize);
    for (;;) {
      for (const message of page.messages) put(index, message);
      if (page.next === null) break;
      await nextTurn();
      page = await this.store.jmapEmails.listAccountPage(accountId, page.next, pageSize);
    }
    return index;
  }

  private async applyChanges(accountId: number, index: MutableIndex, highest: number): Promise<void> {
    const entries = await this.store.changes.since(accountId, index.modseq, { type: 'email' });
    const touched = [...new Set(entries.map((entry) => entry.objectId))];
    const fresh = new Map<number, StoredMessage>();
    for (let at = 0; at < touched.length; at += batchSize) {
      const batch = await this.store.messages.getMany(accountId, touched.slice(at, at + batchSize));
      for (const message of batch) fresh.set(message.id, message);
    }
    for (const id of touched) {
      const message = fresh.get(id);
      // A message in no mailbox is no Email.
      if (message && message.uids.size > 0) put(index, message);
      else remove(index, id, this.destroyedThreads);
    }
    index.modseq = Math.max(highest, entries.at(-1)?.modseq ?? 0);
  }
}

function put(index: MutableIndex, message: StoredMessage): void {
  const previous = index.byId.get(message.id);
  if (previous && previous.threadId !== message.threadId) dropFromThread(index, previous);
  index.byId.set(message.id, message);
  if (previous?.threadId === message.threadId) return;
  const members = index.byThread.get(message.threadId);
  if (members) members.push(message.id);
  else index.byThread.set(message.threadId, [message.id]);
}

function remove(index: MutableIndex, id: number, destroyed: Map<number, number>): void {
  const previous = index.byId.get(id);
  if (!previous) return;
  index.byId.delete(id);
  dropFromThread(index, previous);
  destroyed.set(id, previous.threadId);
}

function dropFromThread(index: MutableIndex, message: StoredMessage): void {
  const members = index.byThread.get(message.threadId);
  if (!members) return;
  const left = members.filter((id) => id !== message.id);
  if (left.length === 0) index.byThread.delete(message.threadId);
  else index.byThread.set(message.threadId, left);
}
