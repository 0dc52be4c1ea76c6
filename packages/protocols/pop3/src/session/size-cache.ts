// Message sizes by message id, shared by the POP3 sessions of a process: clients poll every
// few minutes and LIST the whole maildrop each time, so each LIST spares a bulk size read. A
// stored message never changes and its id is never reused (SQLite AUTOINCREMENT, PostgreSQL
// identity), so an entry can go unused but never wrong. Bounded, oldest first out.
import type { MailService } from '@chasqui/mail';

export class MessageSizeCache {
  private readonly sizes = new Map<number, number>();

  constructor(private readonly maxEntries = 250_000) {}

  get(messageId: number): number | undefined {
    return this.sizes.get(messageId);
  }

  set(messageId: number, size: number): void {
    if (this.sizes.has(messageId)) return;
    if (this.sizes.size >= this.maxEntries) {
      const oldest = this.sizes.keys().next();
      if (oldest.done !== true) this.sizes.delete(oldest.value);
    }
    this.sizes.set(messageId, size);
  }
}

const cacheByMail = new WeakMap<MailService, MessageSizeCache>();

/** The cache shared by every POP3 listener built on `mail`. */
export function sizeCacheFor(mail: MailService): MessageSizeCache {
  let cache = cacheByMail.get(mail);
  if (cache === undefined) {
    cache = new MessageSizeCache();
    cacheByMail.set(mail, cache);
  }
  return cache;
}
