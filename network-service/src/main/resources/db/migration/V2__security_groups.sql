CREATE TABLE security_group (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  vpc_id VARCHAR(32) NOT NULL,
  group_name VARCHAR(255) NOT NULL,
  description VARCHAR(255) NOT NULL,
  is_default BOOLEAN NOT NULL,
  -- bumped by every rule change: the conditional update serialises rule changes per group
  generation BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_sg_name (vpc_id, group_name),
  KEY ix_sg_account (account_id, id)
) ENGINE=InnoDB;

-- One row per (protocol, port range, source) of a group in one direction; rule_key is that tuple, normalised.
CREATE TABLE security_group_rule (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  group_id VARCHAR(32) NOT NULL,
  direction VARCHAR(8) NOT NULL,
  ip_protocol VARCHAR(8) NOT NULL,
  from_port INT NULL,
  to_port INT NULL,
  cidr_ipv4 VARCHAR(18) NULL,
  referenced_group_id VARCHAR(32) NULL,
  description VARCHAR(255) NULL,
  rule_key VARCHAR(128) NOT NULL,
  UNIQUE KEY uk_sg_rule (group_id, direction, rule_key),
  KEY ix_sg_rule_ref (referenced_group_id)
) ENGINE=InnoDB;
