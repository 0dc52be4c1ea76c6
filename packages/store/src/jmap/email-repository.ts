// Set-based reads for the JMAP email index: an account's messages and memberships in two
// queries (one scan each) instead of two per message.
import type { JmapEmailRepository, StoredMessage } from '../interfaces/index.js';
import { toStoredMessage, type MessageRow } from '../mail/message-rows.js';
import type { SqlDriver } from '../sql/driver.js';

export class SqlJmapEmailRepository implements JmapEmailRepository {
  constructor(private readonly db: SqlDriver) {}

  async listAccount(accountId: number): Promise<StoredMessage[]> {
    const [rows, memberships] = await Promise.all([
      this.db.all<MessageRow>('SELECT * FROM messages WHERE account_id = ? ORDER BY received_at, id', [
        accountId,
      ]),
      this.db.rows(
        `SELECT mm.message_id, mm.mailbox_id, mm.uid FROM mailbox_messages mm
         JOIN mailboxes b ON b.id = mm.mailbox_id WHERE b.account_id = ?`,
        [accountId],
      ),
    ]);
    const uids = new Map<number, Map<number, number>>();
    for (const [messageId, mailboxId, uid] of memberships as [number, number, number][]) {
      let map = uids.get(messageId);
      if (!map) uids.set(messageId, (map = new Map<number, number>()));
      map.set(mailboxId, uid);
    }
    const messages: StoredMessage[] = [];
    for (const row of rows) {
      const map = uids.get(row.id);
      if (map) messages.push(toStoredMessage(row, map));
    }
    return messages;
  }
}
