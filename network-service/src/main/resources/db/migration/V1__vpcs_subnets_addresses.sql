-- VPCs: default_owner holds the account id of a default VPC (NULL otherwise), so an account has at most one.
CREATE TABLE vpc (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  cidr_block VARCHAR(18) NOT NULL,
  is_default BOOLEAN NOT NULL,
  default_owner VARCHAR(12) NULL,
  state VARCHAR(16) NOT NULL,
  -- bumped by every change of the VPC's subnets: the conditional update serialises them per VPC
  generation BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_vpc_default (default_owner),
  KEY ix_vpc_account (account_id, id)
) ENGINE=InnoDB;

CREATE TABLE subnet (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  vpc_id VARCHAR(32) NOT NULL,
  cidr_block VARCHAR(18) NOT NULL,
  availability_zone VARCHAR(32) NOT NULL,
  map_public_ip_on_launch BOOLEAN NOT NULL,
  default_for_az BOOLEAN NOT NULL,
  state VARCHAR(16) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_subnet_cidr (vpc_id, cidr_block),
  KEY ix_subnet_account (account_id, id)
) ENGINE=InnoDB;

-- One row per private address in use: the unique key makes a double allocation impossible.
CREATE TABLE private_ip (
  subnet_id VARCHAR(32) NOT NULL,
  ip VARCHAR(15) NOT NULL,
  network_interface_id VARCHAR(32) NOT NULL,
  allocated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (subnet_id, ip),
  KEY ix_private_ip_eni (network_interface_id)
) ENGINE=InnoDB;

-- One row per public address of the pool in use (auto-assigned now, elastic later).
CREATE TABLE public_ip (
  ip VARCHAR(15) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  network_interface_id VARCHAR(32) NULL,
  instance_id VARCHAR(32) NULL,
  assigned_at DATETIME(6) NOT NULL,
  KEY ix_public_ip_eni (network_interface_id)
) ENGINE=InnoDB;

CREATE TABLE network_interface (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  instance_id VARCHAR(32) NULL,
  vpc_id VARCHAR(32) NOT NULL,
  subnet_id VARCHAR(32) NOT NULL,
  availability_zone VARCHAR(32) NOT NULL,
  private_ip_address VARCHAR(15) NOT NULL,
  public_ip_address VARCHAR(15) NULL,
  wants_public_ip BOOLEAN NOT NULL,
  mac_address VARCHAR(17) NOT NULL,
  security_group_ids VARCHAR(1024) NOT NULL,
  attempt INT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_eni_instance (instance_id),
  KEY ix_eni_account (account_id, id),
  KEY ix_eni_subnet (subnet_id)
) ENGINE=InnoDB;
