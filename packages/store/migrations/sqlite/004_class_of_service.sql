-- Classes of service: the limits an account inherits unless it sets its own (ARCHITECTURE.md §6).
CREATE TABLE classes_of_service (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  max_recipients INTEGER,
  max_message_bytes INTEGER,
  quota_bytes INTEGER,
  max_sent_per_hour INTEGER,
  created_at INTEGER NOT NULL
);

ALTER TABLE accounts ADD COLUMN cos_id INTEGER REFERENCES classes_of_service(id) ON DELETE SET NULL;
