-- Webmail data kept on the server: per-account preferences (JMAP urn:chasqui:params:jmap:
-- preferences), the recipients an account has written to (address autocomplete) and the
-- spam/ham verdicts users gave by setting $junk / $notjunk (training feed).

-- One JSON document per account; version is the Preferences state, bumped by each write.
CREATE TABLE webmail_preferences (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  version INTEGER NOT NULL
);

-- search_text: " " + the accent-folded, lower-case words of the name and the local part, so
-- that `LIKE '% jose%'` finds a word start. Clustered by account: a lookup scans one range.
CREATE TABLE recipient_history (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  name TEXT,
  search_text TEXT NOT NULL,
  uses INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  PRIMARY KEY (account_id, address)
) WITHOUT ROWID;
CREATE INDEX recipient_history_recent ON recipient_history(account_id, last_used);

-- One verdict per account and message content (the latest wins). The row holds a reference
-- on the blob, so the raw message outlives the user's copy until the row goes: the triggers
-- keep blobs.refcount right whatever removes the row (including account deletion).
CREATE TABLE spam_feedback (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  blob_hash TEXT NOT NULL REFERENCES blobs(hash),
  verdict TEXT NOT NULL CHECK (verdict IN ('spam', 'ham')),
  at INTEGER NOT NULL,
  PRIMARY KEY (account_id, blob_hash)
);
CREATE INDEX spam_feedback_at ON spam_feedback(at, account_id, blob_hash);
CREATE TRIGGER spam_feedback_hold_blob AFTER INSERT ON spam_feedback BEGIN
  UPDATE blobs SET refcount = refcount + 1 WHERE hash = new.blob_hash;
END;
CREATE TRIGGER spam_feedback_release_blob AFTER DELETE ON spam_feedback BEGIN
  UPDATE blobs SET refcount = refcount - 1 WHERE hash = old.blob_hash;
END;
