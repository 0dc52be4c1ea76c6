-- Server-wide values shared by every node: generated secrets (SRS), feature switches.
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
