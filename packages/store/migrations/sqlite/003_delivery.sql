-- Delivery: DKIM keys per domain and the persistent outbound queue.
CREATE TABLE dkim_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  selector TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  private_key TEXT NOT NULL,
  public_key TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (domain, selector)
);

-- One row per message to send; recipients (with per-recipient state) as JSON because they are
-- always read and written together. `lease_until` lets one worker own a row at a time.
CREATE TABLE outbound_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  mail_from TEXT NOT NULL,
  envid TEXT,
  ret TEXT,
  recipients TEXT NOT NULL,
  raw BLOB NOT NULL,
  size INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  warned_at INTEGER,
  last_error TEXT,
  log_id INTEGER
);
CREATE INDEX outbound_queue_due ON outbound_queue(next_attempt_at);
