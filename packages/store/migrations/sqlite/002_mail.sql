-- Mail: mailboxes, messages with per-mailbox UIDs, content-addressed blobs, the change log.
-- AUTOINCREMENT: ids are never reused (they are UIDVALIDITY and JMAP ids).
CREATE TABLE mailboxes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT,
  uid_validity INTEGER NOT NULL,
  uid_next INTEGER NOT NULL DEFAULT 1,
  is_subscribed INTEGER NOT NULL DEFAULT 1,
  highest_modseq INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, name)
);

-- One row per distinct content. Small blobs live in `data` (committed with the metadata, one
-- fsync per batch); larger ones in the file <hash>-<generation>, whose random generation per
-- write means a blob collected and stored again gets a new file that a late unlink never hits.
CREATE TABLE blobs (
  hash TEXT PRIMARY KEY,
  generation INTEGER NOT NULL,
  size INTEGER NOT NULL,
  refcount INTEGER NOT NULL DEFAULT 0,
  data BLOB,
  created_at INTEGER NOT NULL
);
CREATE INDEX blobs_unreferenced ON blobs(refcount) WHERE refcount = 0;

CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  blob_hash TEXT NOT NULL REFERENCES blobs(hash),
  size INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  sent_at INTEGER,
  subject TEXT NOT NULL,
  from_addr TEXT NOT NULL,
  to_addr TEXT NOT NULL,
  message_id_header TEXT,
  in_reply_to TEXT,
  refs TEXT NOT NULL,
  thread_id INTEGER NOT NULL,
  preview TEXT NOT NULL,
  has_attachment INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  keywords TEXT NOT NULL,
  modseq INTEGER NOT NULL
);
CREATE INDEX messages_account ON messages(account_id);
CREATE INDEX messages_message_id ON messages(account_id, message_id_header);
CREATE INDEX messages_blob ON messages(blob_hash);

-- Flags, keywords and modseq are copied onto the membership so that a mailbox listing is
-- one range scan of this clustered table.
CREATE TABLE mailbox_messages (
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  flags INTEGER NOT NULL,
  keywords TEXT NOT NULL,
  modseq INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, uid)
) WITHOUT ROWID;
CREATE INDEX mailbox_messages_message ON mailbox_messages(message_id);
CREATE INDEX mailbox_messages_modseq ON mailbox_messages(mailbox_id, modseq);

CREATE TABLE changes (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  modseq INTEGER NOT NULL,
  type TEXT NOT NULL,
  object_id INTEGER NOT NULL,
  op TEXT NOT NULL,
  mailbox_id INTEGER,
  uid INTEGER,
  at INTEGER NOT NULL,
  PRIMARY KEY (account_id, modseq)
) WITHOUT ROWID;
CREATE INDEX changes_at ON changes(at);

-- Full-text index of the caller's normalised text (accents folded, Spanish stems).
CREATE VIRTUAL TABLE message_text USING fts5(body, tokenize='unicode61 remove_diacritics 2');
