// Reading a whole mailbox listing as one aggregated string: the database builds it in C and one
// pass of character codes turns it into entries, about three times faster than a row per
// message through the driver (the first IMAP SELECT of a 100,000-message mailbox).
import type { MailboxEntry } from '../interfaces/index.js';
import type { SqlExecutor } from '../sql/driver.js';
import { decodeKeywords } from './message-rows.js';

const comma = 44;
const semicolon = 59;
const zero = 48;
const nine = 57;

function packedQuery(dialect: SqlExecutor['dialect']): string {
  const aggregate = dialect === 'sqlite' ? 'group_concat' : 'string_agg';
  return `SELECT ${aggregate}(uid || ',' || message_id || ',' || flags || ',' || modseq, ';' ORDER BY uid) AS packed
          FROM mailbox_messages WHERE mailbox_id = ?`;
}

/** `uid,messageId,flags,modseq;…` → entries without keywords. */
export function parsePackedListing(packed: string): MailboxEntry[] {
  const entries: MailboxEntry[] = [];
  const fields = [0, 0, 0, 0];
  let field = 0;
  let value = 0;
  for (let i = 0; i <= packed.length; i++) {
    const code = i < packed.length ? packed.charCodeAt(i) : semicolon;
    if (code >= zero && code <= nine) {
      value = value * 10 + (code - zero);
      continue;
    }
    fields[field++] = value;
    value = 0;
    if (code !== semicolon && code !== comma) throw new Error(`unexpected character in listing at ${i}`);
    if (code === semicolon) {
      entries.push({
        uid: fields[0] ?? 0,
        messageId: fields[1] ?? 0,
        flags: fields[2] ?? 0,
        keywords: [],
        modseq: fields[3] ?? 0,
      });
      field = 0;
    }
  }
  return entries;
}

export async function loadPackedListing(db: SqlExecutor, mailboxId: number): Promise<MailboxEntry[]> {
  const row = await db.get<{ packed: string | null }>(packedQuery(db.dialect), [mailboxId]);
  if (row?.packed == null || row.packed === '') return [];
  const entries = parsePackedListing(row.packed);
  const withKeywords = await db.all<{ uid: number; keywords: string }>(
    "SELECT uid, keywords FROM mailbox_messages WHERE mailbox_id = ? AND keywords <> ''",
    [mailboxId],
  );
  if (withKeywords.length === 0) return entries;
  const keywords = new Map(withKeywords.map((r) => [r.uid, decodeKeywords(r.keywords)]));
  return entries.map((entry) => {
    const found = keywords.get(entry.uid);
    return found ? { ...entry, keywords: found } : entry;
  });
}
