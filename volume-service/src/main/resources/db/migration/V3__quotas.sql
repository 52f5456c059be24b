-- Volume quotas. Redis holds the fast counters (see dev.haneul.volume.quota.VolumeQuotas); the database is the
-- truth they are rebuilt from, and this row per account is the fence between the two: every transaction that
-- reserves in Redis holds it in share mode until it commits, a rebuild or a reconciliation holds it exclusively
-- while it reads the truth and rewrites Redis. overrides_at is the `at` of the last AccountQuotasChanged applied.
CREATE TABLE quota_account (
  account_id VARCHAR(32) NOT NULL PRIMARY KEY,
  overrides_at DATETIME(6) NULL,
  generation BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

-- An admin's override of one quota of an account (keys `volumeGiB.<type>`, `snapshots`), instead of the default.
CREATE TABLE quota_override (
  account_id VARCHAR(32) NOT NULL,
  quota VARCHAR(32) NOT NULL,
  quota_value BIGINT NOT NULL,
  PRIMARY KEY (account_id, quota)
) ENGINE=InnoDB;

-- the truth a rebuild reads: an account's volumes that are not deleted
CREATE INDEX ix_volume_account_state ON volume (account_id, state);
