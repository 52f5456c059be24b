CREATE TABLE account (
  account_id CHAR(12) NOT NULL PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  admin BOOLEAN NOT NULL DEFAULT FALSE,
  created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE access_key (
  access_key_id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id CHAR(12) NOT NULL,
  secret_hash VARCHAR(255) NOT NULL,
  status VARCHAR(16) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_access_key_account (account_id),
  CONSTRAINT fk_access_key_account FOREIGN KEY (account_id) REFERENCES account (account_id)
) ENGINE=InnoDB;
