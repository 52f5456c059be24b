CREATE TABLE key_pair (
  key_pair_id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id CHAR(12) NOT NULL,
  key_name VARCHAR(255) NOT NULL,
  key_type VARCHAR(16) NOT NULL,
  key_fingerprint VARCHAR(128) NOT NULL,
  public_key TEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_key_pair_name (account_id, key_name)
) ENGINE=InnoDB;
