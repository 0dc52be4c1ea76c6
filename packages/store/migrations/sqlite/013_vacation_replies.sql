-- Vacation auto-replies (RFC 5230 §4.2, RFC 3834 §2): who each account answered and when, so a
-- sender hears the same vacation response at most once per period. response_hash identifies the
-- text that was sent: a changed response is answered again at once (Pigeonhole does the same).
CREATE TABLE vacation_replies (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  sender TEXT NOT NULL,
  response_hash TEXT NOT NULL,
  replied_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, sender)
);
-- Pruning forgets replies older than the longest period.
CREATE INDEX vacation_replies_replied_at ON vacation_replies(replied_at);
