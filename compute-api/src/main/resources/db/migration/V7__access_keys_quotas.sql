-- access keys: read-only keys issue tokens with the read-only role
ALTER TABLE access_key ADD COLUMN read_only BOOLEAN NOT NULL DEFAULT FALSE;

-- an account's quota overrides (a key absent here is the configured default)
CREATE TABLE account_quota (
  account_id CHAR(12) NOT NULL,
  quota_key VARCHAR(32) NOT NULL,
  quota_value BIGINT NOT NULL,
  PRIMARY KEY (account_id, quota_key)
) ENGINE=InnoDB;

-- serialises an account's changes that count against a limit (launches, key pairs, access keys, overrides):
-- the upsert holds the row until commit, so a count taken after it is exact across replicas
CREATE TABLE account_lock (
  account_id CHAR(12) NOT NULL PRIMARY KEY,
  generation BIGINT NOT NULL
) ENGINE=InnoDB;
