-- TLS-RPT (RFC 8460): per day, destination domain, policy and MX host, how many sessions
-- succeeded or failed with which result, until the daily report is sent.
CREATE TABLE tls_report_counts (
  day TEXT NOT NULL,
  domain TEXT NOT NULL,
  policy_type TEXT NOT NULL,
  policy_string TEXT NOT NULL,
  mx_host TEXT NOT NULL,
  result_type TEXT NOT NULL,
  sessions BIGINT NOT NULL,
  PRIMARY KEY (day, domain, policy_type, mx_host, result_type)
);
