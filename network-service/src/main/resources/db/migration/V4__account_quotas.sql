-- An account's quota overrides (AccountQuotasChanged from account-events): NULL = the configured default.
-- changed_at is the event's `at` (UTC): an event older than it is ignored.
CREATE TABLE account_quota (
  account_id VARCHAR(12) NOT NULL PRIMARY KEY,
  vpcs BIGINT NULL,
  internet_gateways BIGINT NULL,
  elastic_ips BIGINT NULL,
  security_groups BIGINT NULL,
  changed_at DATETIME(6) NOT NULL
) ENGINE=InnoDB;
