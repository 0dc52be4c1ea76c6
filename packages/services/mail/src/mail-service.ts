// The one mail model every protocol goes through (ARCHITECTURE.md §1). This first part provisions
// an account's mailboxes; delivery, parsing and search arrive with the SMTP and IMAP work.
import { defaultMailboxes, isChasquiError, type Clock, type Logger } from '@chasqui/core';
import type { Mailbox, Store } from '@chasqui/store';

export interface MailDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
}

export class MailService {
  constructor(private readonly deps: MailDeps) {}

  /**
   * Creates the default mailboxes (INBOX, Enviados, Borradores, Papelera, Spam, Archivo) that
   * are missing. Idempotent, and safe when two callers race: a lost race is a success.
   */
  async ensureDefaultMailboxes(accountId: number): Promise<Mailbox[]> {
    const { store } = this.deps;
    const existing = await store.mailboxes.list(accountId);
    const roles = new Set(existing.map((mailbox) => mailbox.role));
    for (const wanted of defaultMailboxes) {
      if (roles.has(wanted.role)) continue;
      try {
        await store.mailboxes.create(accountId, { name: wanted.name, role: wanted.role });
      } catch (error) {
        if (!isChasquiError(error, 'ALREADY_EXISTS')) throw error;
      }
    }
    return store.mailboxes.list(accountId);
  }
}
