-- JMAP Email/query in SQL (the first query of an account, while its email index builds): the
-- account's messages in received order with what the webmail's filters read (thread, flags,
-- keywords, attachment, size), so that a view or its count is one scan of this index and a
-- page of 50 stops after 50 rows; the email index builds along it page by page. Its prefix
-- replaces messages_account_received.
CREATE INDEX messages_jmap_query
  ON messages(account_id, received_at, id, thread_id, flags, keywords, has_attachment, size);
DROP INDEX messages_account_received;
