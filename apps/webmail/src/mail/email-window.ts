// Windowed loading for the virtual message list: ids are fetched by position with
// Email/query and their summaries with Email/get in the same request (back-reference),
// one page at a time, so a 100,000-message mailbox costs only the visible pages.
import type { JmapClient } from '../jmap/client.ts';
import type { Email, Filter, GetResponse, Id, QueryResponse } from '../jmap/types.ts';

export const PAGE_SIZE = 100;
export const LIST_PROPERTIES = [
  'id',
  'threadId',
  'mailboxIds',
  'keywords',
  'from',
  'to',
  'subject',
  'receivedAt',
  'preview',
  'hasAttachment',
  'size',
];

export interface ListQuery {
  filter: Filter;
  collapseThreads: boolean;
}

/** A sparse view of one query's results; subscribers re-render when pages arrive. */
export class EmailWindow {
  total: number | null = null;
  private readonly ids: (Id | undefined)[] = [];
  private readonly pages = new Map<number, Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private generation = 0;

  constructor(
    private readonly client: JmapClient,
    readonly query: ListQuery,
    readonly emails: Map<Id, Email>,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  idAt(index: number): Id | undefined {
    return this.ids[index];
  }

  emailAt(index: number): Email | undefined {
    const id = this.ids[index];
    return id ? this.emails.get(id) : undefined;
  }

  indexOf(id: Id): number {
    return this.ids.indexOf(id);
  }

  /** Loads every page touching [start, end). */
  ensureRange(start: number, end: number): Promise<void> {
    const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
    const last = Math.floor(Math.max(0, end - 1) / PAGE_SIZE);
    const loads: Promise<void>[] = [];
    for (let page = first; page <= last; page++) {
      if (this.total !== null && page * PAGE_SIZE >= this.total && page > 0) break;
      let load = this.pages.get(page);
      if (!load) {
        load = this.loadPage(page);
        this.pages.set(page, load);
      }
      loads.push(load);
    }
    return Promise.all(loads).then(() => undefined);
  }

  private async loadPage(page: number): Promise<void> {
    const generation = this.generation;
    const batch = this.client.batch();
    const query = batch.add<QueryResponse>('Email/query', {
      filter: this.query.filter,
      sort: [{ property: 'receivedAt', isAscending: false }],
      collapseThreads: this.query.collapseThreads,
      position: page * PAGE_SIZE,
      limit: PAGE_SIZE,
      calculateTotal: true,
    });
    const get = batch.add<GetResponse<Email>>('Email/get', {
      '#ids': query.ref('/ids'),
      properties: LIST_PROPERTIES,
    });
    await batch.send();
    const [result, emails] = await Promise.all([query.result, get.result]);
    if (generation !== this.generation) return;
    for (const email of emails.list) this.emails.set(email.id, email);
    result.ids.forEach((id, i) => (this.ids[result.position + i] = id));
    if (result.total !== undefined) {
      this.total = result.total;
      this.ids.length = Math.min(this.ids.length, result.total);
    }
    this.notify();
  }

  /**
   * Drops the id pages (the query changed on the server) and reloads the visible range.
   * Rows stay on screen until the fresh ids arrive, so the list does not flicker.
   */
  async refresh(visibleStart: number, visibleEnd: number): Promise<void> {
    this.generation++;
    this.pages.clear();
    await this.ensureRange(visibleStart, visibleEnd);
  }

  /** Optimistically removes ids (move, delete) before the server confirms. */
  removeIds(ids: Iterable<Id>): void {
    const gone = new Set(ids);
    const kept = this.ids.filter((id) => id === undefined || !gone.has(id));
    const removed = this.ids.length - kept.length;
    this.ids.length = 0;
    this.ids.push(...kept);
    if (this.total !== null) this.total = Math.max(0, this.total - removed);
    this.notify();
  }

  /** Re-renders after the email cache changed (flags, keywords). */
  touch(): void {
    this.notify();
  }
}
