-- Internet gateways: vpc_id is the VPC the gateway is attached to (NULL when detached); the unique key
-- makes a second gateway on one VPC impossible.
CREATE TABLE internet_gateway (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  vpc_id VARCHAR(32) NULL,
  -- bumped by every attach/detach: the conditional update serialises them per gateway
  generation BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_igw_vpc (vpc_id),
  KEY ix_igw_account (account_id, id)
) ENGINE=InnoDB;

-- Route tables: main_of holds the VPC id of a VPC's main table (NULL otherwise), so a VPC has at most one.
CREATE TABLE route_table (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  vpc_id VARCHAR(32) NOT NULL,
  main_of VARCHAR(32) NULL,
  main_association_id VARCHAR(32) NULL,
  -- bumped by every change of routes or associations
  generation BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_rtb_main (main_of),
  KEY ix_rtb_account (account_id, id),
  KEY ix_rtb_vpc (vpc_id)
) ENGINE=InnoDB;

-- One row per destination of a table; target is 'local' or an internet gateway id.
CREATE TABLE route (
  route_table_id VARCHAR(32) NOT NULL,
  destination_cidr VARCHAR(18) NOT NULL,
  target VARCHAR(32) NOT NULL,
  origin VARCHAR(24) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (route_table_id, destination_cidr),
  KEY ix_route_target (target)
) ENGINE=InnoDB;

-- Explicit subnet associations (a subnet without one uses its VPC's main table); one per subnet.
CREATE TABLE route_table_association (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_id VARCHAR(12) NOT NULL,
  route_table_id VARCHAR(32) NOT NULL,
  subnet_id VARCHAR(32) NOT NULL,
  UNIQUE KEY uk_rtbassoc_subnet (subnet_id),
  KEY ix_rtbassoc_table (route_table_id)
) ENGINE=InnoDB;

-- A row per account, locked (generation bumped) by changes that count against a per-account quota.
CREATE TABLE account_lock (
  account_id VARCHAR(12) NOT NULL PRIMARY KEY,
  generation BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

-- Public addresses: lease_id identifies one holding for billing (an auto address: new for every assignment;
-- an elastic IP: its allocation id); association_id is set while an elastic IP is associated.
ALTER TABLE public_ip
  ADD COLUMN lease_id VARCHAR(32) NULL,
  ADD COLUMN allocation_id VARCHAR(32) NULL,
  ADD COLUMN association_id VARCHAR(32) NULL,
  ADD UNIQUE KEY uk_public_ip_allocation (allocation_id),
  ADD KEY ix_public_ip_account (account_id, kind);
UPDATE public_ip SET lease_id = CONCAT('lease-', SUBSTRING(SHA2(CONCAT(ip, assigned_at), 256), 1, 17))
  WHERE lease_id IS NULL;
ALTER TABLE public_ip MODIFY lease_id VARCHAR(32) NOT NULL;

-- false between the instance's stop and its next start
ALTER TABLE network_interface ADD COLUMN running BOOLEAN NOT NULL DEFAULT TRUE;

-- VPCs created before gateways and routes existed: a main table with the local route each; default VPCs
-- also an attached gateway and the 0.0.0.0/0 route to it.
INSERT INTO route_table (id, account_id, vpc_id, main_of, main_association_id, created_at)
  SELECT CONCAT('rtb-', SUBSTRING(SHA2(CONCAT('rtb', id), 256), 1, 17)), account_id, id, id,
         CONCAT('rtbassoc-', SUBSTRING(SHA2(CONCAT('rtbassoc', id), 256), 1, 17)), NOW(6)
  FROM vpc;
INSERT INTO route (route_table_id, destination_cidr, target, origin, created_at)
  SELECT r.id, v.cidr_block, 'local', 'CreateRouteTable', NOW(6) FROM route_table r JOIN vpc v ON v.id = r.vpc_id;
INSERT INTO internet_gateway (id, account_id, vpc_id, created_at)
  SELECT CONCAT('igw-', SUBSTRING(SHA2(CONCAT('igw', id), 256), 1, 17)), account_id, id, NOW(6)
  FROM vpc WHERE is_default;
INSERT INTO route (route_table_id, destination_cidr, target, origin, created_at)
  SELECT r.id, '0.0.0.0/0', g.id, 'CreateRouteTable', NOW(6) FROM route_table r
  JOIN internet_gateway g ON g.vpc_id = r.vpc_id;
