// Small per-account settings documents (JMAP Identity, VacationResponse, EmailSubmission) kept
// until the store has a table for them (see the JMAP report: `account_records`). Reads find a
// document stored as a message in NO mailbox under a reserved Message-ID; the store refuses such
// appends today, so writes are kept in this process's memory only until that table exists.
import type { Clock } from '@chasqui/core';
import type { Store } from '@chasqui/store';

export interface AccountRecord<T> {
  /** Increases by one per write; JMAP `state` of the record's type. */
  readonly version: number;
  readonly value: T;
}

interface RecordDocument {
  readonly version: number;
  readonly value: unknown;
}

function recordMessageId(accountId: number, kind: string): string {
  return `<${kind}.${accountId}@records.chasqui.invalid>`;
}

/** The raw form a persisted record takes (kept for the migration to a store table). */
export function encodeRecord(
  messageId: string,
  kind: string,
  document: RecordDocument,
  now: number,
): Uint8Array {
  const lines = [
    'From: Chasqui <records@chasqui.invalid>',
    `Subject: chasqui record ${kind}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date(now).toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: application/json; charset=utf-8',
    '',
    JSON.stringify(document),
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

export class AccountRecords {
  private readonly cache = new Map<string, AccountRecord<unknown>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The newest version of a record, or null when never written. */
  async read<T>(accountId: number, kind: string): Promise<AccountRecord<T> | null> {
    const key = `${accountId}:${kind}`;
    const cached = this.cache.get(key);
    if (cached) return cached as AccountRecord<T>;
    const found = await this.store.messages.findByMessageIdHeaders(accountId, [
      recordMessageId(accountId, kind),
    ]);
    const newest = found.reduce<number | null>(
      (best, row) => (best === null || row.id > best ? row.id : best),
      null,
    );
    if (newest === null) return null;
    const message = await this.store.messages.getById(accountId, newest);
    const raw = message ? await this.store.blobs.get(message.blobId) : null;
    if (!raw) return null;
    const text = Buffer.from(raw).toString('utf8');
    const document = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as RecordDocument;
    const record = { version: document.version, value: document.value as T };
    this.cache.set(key, record);
    return record;
  }

  /** Writes a new version computed from the current one; serialised per account and kind. */
  update<T>(accountId: number, kind: string, change: (current: T | null) => T): Promise<AccountRecord<T>> {
    const key = `${accountId}:${kind}`;
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.write(accountId, kind, change));
    this.locks.set(key, next);
    return next;
  }

  private async write<T>(
    accountId: number,
    kind: string,
    change: (current: T | null) => T,
  ): Promise<AccountRecord<T>> {
    const current = await this.read<T>(accountId, kind);
    const document = { version: (current?.version ?? 0) + 1, value: change(current?.value ?? null) };
    const record = { version: document.version, value: document.value };
    this.cache.set(`${accountId}:${kind}`, record);
    return record;
  }
}
