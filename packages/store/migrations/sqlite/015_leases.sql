-- Named, expiring leases shared by every process and node: who may run a singleton job, or
-- hold an exclusive lock such as a POP3 maildrop's (RFC 1939 §8). A holder renews before
-- expires_at; a crashed holder's lease simply runs out. Times are milliseconds since the epoch.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
