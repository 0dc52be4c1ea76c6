-- Directory: domains, accounts, aliases, groups; one address space shared by all of them.
CREATE TABLE domains (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  catch_all TEXT,
  is_enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);

-- Every deliverable address (account, alias, group) once: the unique key forbids overlaps.
CREATE TABLE addresses (
  address TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  domain_id INTEGER NOT NULL REFERENCES domains(id)
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES domains(id),
  address TEXT NOT NULL UNIQUE REFERENCES addresses(address),
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'user',
  state TEXT NOT NULL DEFAULT 'active',
  quota_bytes INTEGER,
  used_bytes INTEGER NOT NULL DEFAULT 0,
  message_count INTEGER NOT NULL DEFAULT 0,
  highest_modseq INTEGER NOT NULL DEFAULT 0,
  change_horizon INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);
CREATE INDEX accounts_domain ON accounts(domain_id);

CREATE TABLE aliases (
  id INTEGER PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES domains(id),
  address TEXT NOT NULL UNIQUE REFERENCES addresses(address),
  targets TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX aliases_domain ON aliases(domain_id);

CREATE TABLE mail_groups (
  id INTEGER PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES domains(id),
  address TEXT NOT NULL UNIQUE REFERENCES addresses(address),
  name TEXT NOT NULL,
  posting_policy TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX mail_groups_domain ON mail_groups(domain_id);

CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES mail_groups(id) ON DELETE CASCADE,
  member TEXT NOT NULL,
  PRIMARY KEY (group_id, member)
);

-- Message log: one row per message and path; addresses split out so that searches by user
-- or domain are index lookups even with millions of rows.
CREATE TABLE message_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  direction TEXT NOT NULL,
  mail_from TEXT NOT NULL,
  from_header TEXT NOT NULL,
  subject TEXT NOT NULL,
  subject_lower TEXT NOT NULL,
  message_id_header TEXT,
  size INTEGER NOT NULL,
  client_ip TEXT,
  tls TEXT,
  auth_results TEXT,
  verdict TEXT NOT NULL,
  score REAL,
  rule_hits TEXT NOT NULL,
  recipients TEXT NOT NULL,
  timings TEXT NOT NULL
);
CREATE INDEX message_log_at ON message_log(at);
CREATE INDEX message_log_verdict ON message_log(verdict, id);
CREATE INDEX message_log_score ON message_log(score, id);

CREATE TABLE message_log_addresses (
  entry_id INTEGER NOT NULL REFERENCES message_log(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  domain TEXT NOT NULL,
  role TEXT NOT NULL
);
CREATE INDEX message_log_addresses_address ON message_log_addresses(address, entry_id);
CREATE INDEX message_log_addresses_domain ON message_log_addresses(domain, entry_id);
CREATE INDEX message_log_addresses_entry ON message_log_addresses(entry_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log(actor, id);
