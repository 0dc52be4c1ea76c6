-- JMAP (RFC 8620/8621) per-account objects that are not messages: identities, the vacation
-- response and email submissions (scheduled sends survive restarts and are leased by one node).

-- One counter per account and JMAP type ('Identity', 'EmailSubmission'): the type's state.
CREATE TABLE jmap_versions (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (account_id, kind)
);

-- Destroyed identities stay as tombstones (destroyed_version) for Identity/changes; ids are
-- never reused. One live identity per address.
CREATE TABLE jmap_identities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  reply_to TEXT,
  bcc TEXT,
  text_signature TEXT NOT NULL DEFAULT '',
  html_signature TEXT NOT NULL DEFAULT '',
  created_version INTEGER NOT NULL,
  updated_version INTEGER NOT NULL,
  destroyed_version INTEGER
);
CREATE INDEX jmap_identities_account ON jmap_identities(account_id, updated_version);
CREATE UNIQUE INDEX jmap_identities_live ON jmap_identities(account_id, address) WHERE destroyed_version IS NULL;

CREATE TABLE vacation_responses (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  is_enabled INTEGER NOT NULL DEFAULT 0,
  from_date INTEGER,
  to_date INTEGER,
  subject TEXT,
  text_body TEXT,
  html_body TEXT,
  version INTEGER NOT NULL
);

-- modseq: the account's EmailSubmission version at the row's last change; created_modseq at its
-- creation. lease_until lets one node own a due pending row while it sends it.
CREATE TABLE email_submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  identity_id TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  thread_id INTEGER NOT NULL,
  envelope TEXT,
  send_at INTEGER NOT NULL,
  undo_status TEXT NOT NULL CHECK (undo_status IN ('pending', 'final', 'canceled')),
  delivery_status TEXT,
  lease_until INTEGER NOT NULL DEFAULT 0,
  modseq INTEGER NOT NULL,
  created_modseq INTEGER NOT NULL,
  is_destroyed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX email_submissions_account ON email_submissions(account_id, modseq);
CREATE INDEX email_submissions_due ON email_submissions(send_at) WHERE undo_status = 'pending';

-- JMAP Email/query loads an account's messages in one scan, newest first.
CREATE INDEX messages_account_received ON messages(account_id, received_at);
