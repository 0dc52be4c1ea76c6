-- Webmail data kept on the server: per-account preferences (JMAP urn:chasqui:params:jmap:
-- preferences), the recipients an account has written to (address autocomplete) and the
-- spam/ham verdicts users gave by setting $junk / $notjunk (training feed).

-- One JSON document per account; version is the Preferences state, bumped by each write.
CREATE TABLE webmail_preferences (
  account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  version BIGINT NOT NULL
);

-- search_text: " " + the accent-folded, lower-case words of the name and the local part, so
-- that `LIKE '% jose%'` finds a word start. A lookup scans one account's range of the key.
CREATE TABLE recipient_history (
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  name TEXT,
  search_text TEXT NOT NULL,
  uses BIGINT NOT NULL,
  last_used BIGINT NOT NULL,
  PRIMARY KEY (account_id, address)
);
CREATE INDEX recipient_history_recent ON recipient_history(account_id, last_used);

-- One verdict per account and message content (the latest wins). The row holds a reference
-- on the blob, so the raw message outlives the user's copy until the row goes: the trigger
-- keeps blobs.refcount right whatever removes the row (including account deletion).
CREATE TABLE spam_feedback (
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  blob_hash TEXT NOT NULL REFERENCES blobs(hash),
  verdict TEXT NOT NULL CHECK (verdict IN ('spam', 'ham')),
  at BIGINT NOT NULL,
  PRIMARY KEY (account_id, blob_hash)
);
CREATE INDEX spam_feedback_at ON spam_feedback(at, account_id, blob_hash);

CREATE FUNCTION spam_feedback_blob_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE blobs SET refcount = refcount + 1 WHERE hash = NEW.blob_hash;
    RETURN NEW;
  END IF;
  UPDATE blobs SET refcount = refcount - 1 WHERE hash = OLD.blob_hash;
  RETURN OLD;
END $$;

CREATE TRIGGER spam_feedback_blob_reference AFTER INSERT OR DELETE ON spam_feedback
  FOR EACH ROW EXECUTE FUNCTION spam_feedback_blob_reference();
