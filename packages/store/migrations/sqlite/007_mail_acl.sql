-- RFC 4314 mailbox ACLs and each grantee's own \Seen state on shared mailboxes.
-- Grants name the account by id, never by address: a deleted account's grants go with it
-- (ON DELETE CASCADE) and a new account that reuses the address inherits nothing.
-- grantee_id NULL is the RFC 4314 identifier "anyone" (every authenticated account).
CREATE TABLE mailbox_acl (
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  grantee_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
  rights TEXT NOT NULL
);
CREATE UNIQUE INDEX mailbox_acl_entry ON mailbox_acl(mailbox_id, COALESCE(grantee_id, 0));
CREATE INDEX mailbox_acl_grantee ON mailbox_acl(grantee_id);

-- A grantee's \Seen on one UID of a shared mailbox. The row stays when the flag is cleared, so
-- its modseq (taken from the owner's change log) tells CONDSTORE clients what changed; it
-- goes away with the message's membership (expunge, move, mailbox deleted).
CREATE TABLE shared_seen (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  mailbox_id INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  is_seen INTEGER NOT NULL,
  modseq INTEGER NOT NULL,
  PRIMARY KEY (account_id, mailbox_id, uid),
  FOREIGN KEY (mailbox_id, uid) REFERENCES mailbox_messages(mailbox_id, uid) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX shared_seen_membership ON shared_seen(mailbox_id, uid);
