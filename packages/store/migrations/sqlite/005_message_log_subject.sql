-- Substring search of message log subjects without a table scan: an FTS5 trigram index that
-- answers `LIKE '%text%'` for three or more characters, kept in step by triggers.
CREATE VIRTUAL TABLE message_log_subject USING fts5(
  subject_lower, content = 'message_log', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER message_log_subject_insert AFTER INSERT ON message_log BEGIN
  INSERT INTO message_log_subject (rowid, subject_lower) VALUES (new.id, new.subject_lower);
END;
CREATE TRIGGER message_log_subject_delete AFTER DELETE ON message_log BEGIN
  INSERT INTO message_log_subject (message_log_subject, rowid, subject_lower)
  VALUES ('delete', old.id, old.subject_lower);
END;
INSERT INTO message_log_subject (message_log_subject) VALUES ('rebuild');
